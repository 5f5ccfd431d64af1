"""State changes of the registry, one module per part; callers import from the module itself.

- ``applying``: the applicant's side of a case (start, fill in, submit, withdraw, answer).
- ``case_handling``: the case's state machine and the case handlers' moves.
- ``social_accounts``: after registration (changes, yearly social accounts, escalation).
- ``representatives``: who may act for an enterprise (roles, claims, invitations).

Each imports only the ones listed after it, never back.
"""
