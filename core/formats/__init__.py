"""Date formats on top of Django's own per language (FORMAT_MODULE_PATH in settings).

Templates that wanted a compact date wrote "j. M Y" by hand, which gives "27. Nov 2026"; Django's
own Danish formats write "27. november 2026" (the admin's lists) and "27.11.2026". Danish style
abbreviates the month in lower case with a full stop: "27. nov. 2026". That is now the Danish
``DATE_FORMAT`` and ``SHORT_DATE_FORMAT``, and a compact date in code or a template names one of
them (``|date:"SHORT_DATE_FORMAT"``) instead of spelling out a format.
"""
