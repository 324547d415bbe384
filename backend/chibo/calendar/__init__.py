"""Private iCalendar feeds of a user's meetings, for phone calendars to subscribe to."""
