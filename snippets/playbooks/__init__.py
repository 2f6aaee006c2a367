"""The playbook notebooks in ``playbooks/``, run headless with parameters (``runner``)."""
