# Only what differs from django/conf/locale/da/formats.py; "N" is the month abbreviated in
# Danish style ("nov.", "maj", "juni").
SHORT_DATE_FORMAT = "j. N Y"
SHORT_DATETIME_FORMAT = "j. N Y H:i"
