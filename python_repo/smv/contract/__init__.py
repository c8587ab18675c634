"""The conformance suite of the SmvDataSetRepository contract (proto/smv/repository/v1).

It checks any server, in any language, through the wire only: it knows a fixture
app's expected graph (see `smv.contract.fixture`) and asks the server every RPC of
the contract, its errors, authentication, health and reflection. Each rule passes,
fails (naming the rule, the request and what came back) or is skipped (with why).

    python -m smv.contract --target unix:/path --token-file F --fixture cfix [--junit out.xml]

From Python: `run_suite(target, token, FIXTURES["cfix"])` returns the outcomes.
"""
from smv.contract.fixture import FIXTURES, Fixture
from smv.contract.suite import Outcome, run_suite

__all__ = ["FIXTURES", "Fixture", "Outcome", "run_suite"]
