"""Date formats on top of Django's own per language (FORMAT_MODULE_PATH in settings).

Django's Danish short date is "27.11.2026", and templates that wanted a compact date wrote
"j. M Y" by hand, which gives "27. Nov 2026". Danish style abbreviates the month in lower case with
a full stop: "27. nov. 2026". Every compact date is ``SHORT_DATE_FORMAT`` (``date_format(value,
"SHORT_DATE_FORMAT")`` or ``|date:"SHORT_DATE_FORMAT"``); long dates stay ``DATE_FORMAT``
("27. november 2026").
"""
