# Only what differs from django/conf/locale/en/formats.py: day first, as the Danish pages read,
# never the ambiguous "11/27/2026".
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
# A moment as the admin and the case histories write it: "27 Nov 2026, 12:19".
DATETIME_FORMAT = "j M Y, H:i"
