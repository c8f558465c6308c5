"""Quality pages (K-4, K-8): the lead's day and the head's week, scoring a recording, a check and its acknowledgement,
calibration, counted errors and praise, typing tests, calls missing their recording, the monthly appraisal and the
settings. Thin: every write through quality.services, every read through quality.selectors and the lists' FilterSets;
a service's ValidationError is a form error, its DomainError a message, its PermissionDenied a 403 with the reason."""
