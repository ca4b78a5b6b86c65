"""The PRO-CTCAE composite grading table (a data module: domain/clinical.py names it, the rule
is domain/proctcae.py `composite`). Keys are the attributes answered, in NCI's order.
"""

# Basch et al., Clin Trials 2021;18:104 (the same table as the Mayo ProAE scoring code).
# Rows are the first attribute 1-4 (its 0 is grade 0); columns the next one 0-4.
SINGLE = {
    ("frequency",): (0, 1, 1, 2, 3),
    ("severity",): (0, 1, 2, 3, 3),
    ("interference",): (0, 1, 1, 2, 2),
}
PAIRS = {
    ("severity", "interference"): ((1, 1, 1, 2, 2), (1, 1, 2, 2, 3), (1, 2, 2, 3, 3),
                                   (2, 2, 2, 3, 3)),
    ("frequency", "interference"): ((1, 1, 1, 2, 2), (1, 1, 1, 2, 2), (1, 1, 2, 3, 3),
                                    (1, 1, 2, 3, 3)),
    ("frequency", "severity"): ((1, 1, 1, 2, 2), (1, 1, 2, 2, 2), (1, 1, 2, 3, 3),
                                (1, 1, 2, 3, 3)),
}
# For each frequency 1-4: rows severity 0-4, columns interference 0-4.
TRIPLE = (
    ((0, 1, 1, 2, 2), (1, 1, 1, 2, 2), (1, 2, 2, 2, 3), (2, 2, 2, 3, 3), (2, 2, 3, 3, 3)),
    ((0, 1, 1, 2, 2), (1, 1, 1, 2, 2), (2, 2, 2, 3, 3), (2, 2, 2, 3, 3), (2, 2, 3, 3, 3)),
    ((1, 1, 1, 2, 2), (1, 1, 1, 2, 2), (2, 2, 2, 3, 3), (2, 2, 3, 3, 3), (2, 2, 3, 3, 3)),
    ((1, 1, 1, 2, 2), (1, 1, 2, 2, 3), (2, 2, 2, 3, 3), (2, 2, 3, 3, 3), (2, 2, 3, 3, 3)),
)
