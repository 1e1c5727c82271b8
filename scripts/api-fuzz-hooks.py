"""schemathesis hooks of scripts/api-fuzz (loaded through api-fuzz.toml).

Python 3.11 before 3.11.8 (Debian 12 has 3.11.2) can raise a spurious
`SystemError: AST constructor recursion depth mismatch` from `ast.parse`
deep in a stack (CPython gh-106905). Hypothesis calls `ast.parse` only to
describe a lambda for a strategy's repr, so a failed description becomes
"unknown" instead of an error of the run.
"""

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _describe_or_unknown(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _describe_or_unknown
