"""The anonymous pages of the payroll app: a worker's own pay (self-service, plan task 9).

Signed in by ID number + registered phone + one-time SMS code into a short session of its own
(a cookie limited to /public/pay/, never the staff session); every page is logged."""
