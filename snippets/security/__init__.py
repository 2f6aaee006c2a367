"""Security and data protection: the user roster audit and the personal-data scan of a folder of exports
(``roster``, ``personal_data``)."""
