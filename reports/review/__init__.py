"""The office's review pages: the review queue (/progress/review/, reports beside their unit's
figures, reviewed one by one or many at once) and the workbench (/workbench/, the office's
start page: what waits for review, for resubmission, what lags and who is overdue).

They live in the reports room, not in progress, because they show figures (completion, light,
the sentence), which only reports reads; progress never imports reports. The URL of the
queue stays /progress/review/. Every change still goes through progress.services.
"""
