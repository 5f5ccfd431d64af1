# Only what differs from django/conf/locale/da/formats.py: the month abbreviated in Danish style
# ("N": "nov.", "maj", "juni"), so every date Django writes by itself (the admin's lists and
# fields, |date without a format) reads "27. nov. 2026". Templates that want the month in full
# say so ("j. F Y").
# A moment reads the Danish way (Sprognævnet): "27. nov. 2026 kl. 12.19", the same in the admin's
# own fields and lists as in the case histories (core.history.local_time_label).
DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = r"j. N Y \k\l. H.i"
SHORT_DATE_FORMAT = "j. N Y"
SHORT_DATETIME_FORMAT = r"j. N Y \k\l. H.i"
# The admin's time fields show and take the same "12.19" (its "Nu" writes the first format);
# "12:19" and seconds are still understood.
TIME_INPUT_FORMATS = ["%H.%M", "%H:%M", "%H:%M:%S", "%H:%M:%S.%f"]
