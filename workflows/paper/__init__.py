"""Printed documents of the paper trail: donation receipts (A5, PDF and HTML with the CJK font).
A new printed document goes here, its page as a template in ``fixtures/``."""
