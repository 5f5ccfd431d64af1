# Only what differs from django/conf/locale/da/formats.py: the month abbreviated in Danish style
# ("N": "nov.", "maj", "juni"), so every date Django writes by itself (the admin's lists and
# fields, |date without a format) reads "27. nov. 2026". Templates that want the month in full
# say so ("j. F Y").
DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y H:i"
SHORT_DATE_FORMAT = "j. N Y"
SHORT_DATETIME_FORMAT = "j. N Y H:i"
