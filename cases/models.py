"""Models for this app arrive with its issue (see README: "Where code lives")."""
