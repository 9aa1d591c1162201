"""Metadata stage: project id, programme, funder, dates, money, beneficiary and place."""
