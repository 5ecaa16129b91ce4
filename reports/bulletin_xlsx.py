"""The bulletin workbook (通报). Being written."""


def bulletin_workbook(snapshot):
    raise NotImplementedError
