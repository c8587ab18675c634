"""Every metadata RPC through a real server on a Unix socket (the shop app, no Spark)."""
from __future__ import annotations

import re

from tests.repository.support import SHOP_RAW, SHOP_REPORT, link, mod
from smv.transport.client import RepositoryClient
from smv.transport.proto import PROTOCOL_VERSION, pb
from smv.transport.server import RepositoryServer

ACCOUNTS, RATES = mod("shop_raw.inputs.Accounts"), mod("shop_raw.inputs.Rates")
POSITIVE, SCALED = mod("shop_raw.modules.Positive"), mod("shop_raw.modules.Scaled")
AUDITED = mod("shop_raw.audited.AuditedAccounts")
REPORT, SUMMARY = mod("shop_report.report.Report"), mod("shop_report.report.Summary")


def test_server_info_names_protocol_stages_and_metadata_only_capabilities(client: RepositoryClient) -> None:
    info = client.server_info()
    assert info.protocol_version == PROTOCOL_VERSION
    assert info.implementation_language == pb.LANGUAGE_PYTHON
    assert info.implementation_version.startswith("smv-python ")
    assert list(info.stages) == [SHOP_RAW, SHOP_REPORT]
    assert "batch-metadata" in info.capabilities and "run" not in info.capabilities


def test_server_listens_on_a_private_unix_socket(metadata_server: RepositoryServer) -> None:
    assert metadata_server.address.startswith("unix:/")


def test_has_data_set_only_for_discovered_mod_urns(client: RepositoryClient) -> None:
    assert client.has_data_set(POSITIVE)
    assert client.has_data_set(ACCOUNTS)
    assert not client.has_data_set(mod("shop_raw.modules.Missing"))
    assert not client.has_data_set(mod("com.acme.scala.Rates"))
    assert not client.has_data_set(link("shop_raw.modules.Positive"))


def test_imported_classes_belong_only_to_the_module_defining_them(client: RepositoryClient) -> None:
    assert not client.has_data_set(mod("shop_raw.modules.Accounts"))
    assert not client.has_data_set(mod("shop_report.report.Positive"))


def test_abstract_user_base_classes_are_not_datasets(client: RepositoryClient) -> None:
    assert not client.has_data_set(mod("shop_raw.base.Audited"))


def test_is_ephemeral(client: RepositoryClient) -> None:
    assert client.is_ephemeral(ACCOUNTS) and client.is_ephemeral(RATES)
    assert client.is_ephemeral(SCALED)
    assert not client.is_ephemeral(POSITIVE)


def test_dependencies_list_mod_urns_for_same_stage_and_ext_and_link_urns_for_links(
        client: RepositoryClient) -> None:
    assert client.dependencies(POSITIVE) == [ACCOUNTS]
    assert client.dependencies(ACCOUNTS) == []
    assert client.dependencies(REPORT) == [link("shop_raw.modules.Positive"), mod("com.acme.scala.Rates"),
                                           link("com.acme.scala.Out"), SUMMARY]


def test_dataset_hash_is_lowercase_hex_and_super_class_hash_covers_user_bases(client: RepositoryClient) -> None:
    own = client.dataset_hash(AUDITED)
    assert re.fullmatch(r"[0-9a-f]{16}", own)
    assert client.dataset_hash(AUDITED, include_super_class=True) != own
    # no user-defined base class: both hashes agree
    assert client.dataset_hash(POSITIVE, include_super_class=True) == client.dataset_hash(POSITIVE)


def test_output_modules_for_stage(client: RepositoryClient) -> None:
    assert client.output_modules(SHOP_RAW) == [POSITIVE]
    assert client.output_modules(SHOP_REPORT) == [REPORT]


def test_list_data_sets_of_all_stages_or_one(client: RepositoryClient) -> None:
    everything = client.list_data_sets()
    assert everything == sorted(everything)
    assert {ACCOUNTS, RATES, POSITIVE, SCALED, AUDITED, REPORT, SUMMARY} <= set(everything)
    assert client.list_data_sets(SHOP_REPORT) == [REPORT, SUMMARY]


def test_dqm_policy_carries_rules_fixes_and_policies_as_sql_text(client: RepositoryClient) -> None:
    policy = client.dqm_policy(POSITIVE)
    assert [(r.name, r.expression, r.task_policy.fail_count.threshold) for r in policy.rules] == [
        ("not_huge", "balance < 1000000", 2)]
    assert [(f.name, f.condition, f.column, f.value) for f in policy.fixes] == [
        ("clip", "balance < 0", "balance", "0.0")]
    assert policy.fixes[0].task_policy.HasField("fail_none")
    assert [p.fail_total_rule_count for p in policy.policies] == [5]


def test_inputs_add_the_parser_error_policy(client: RepositoryClient) -> None:
    for urn in (ACCOUNTS, RATES):
        policies = client.dqm_policy(urn).policies
        assert [(p.WhichOneof("policy"), p.fail_parser_count) for p in policies] == [("fail_parser_count", 1)]


def test_batch_metadata_returns_requested_urns_in_order_with_every_field(client: RepositoryClient) -> None:
    positive, accounts = client.metadata([POSITIVE, ACCOUNTS])
    assert (positive.urn, accounts.urn) == (POSITIVE, ACCOUNTS)
    assert positive.kind == pb.DATA_SET_KIND_MODULE and accounts.kind == pb.DATA_SET_KIND_INPUT
    assert positive.language == pb.LANGUAGE_PYTHON and positive.stage == SHOP_RAW
    assert list(positive.dependency_urns) == [ACCOUNTS]
    assert positive.hash == client.dataset_hash(POSITIVE)
    assert positive.hash_with_super_class == client.dataset_hash(POSITIVE, include_super_class=True)
    assert positive.is_output and not positive.is_ephemeral and accounts.is_ephemeral
    assert positive.description == "Accounts with a positive balance."
    assert positive.table_name == "positive_accounts" and not accounts.HasField("table_name")
    assert positive.dqm == client.dqm_policy(POSITIVE)
    assert not positive.HasField("version")


def test_batch_metadata_reports_the_version(client: RepositoryClient) -> None:
    (scaled,) = client.metadata([SCALED])
    assert scaled.version == "2"


def test_batch_metadata_closure_follows_only_owned_datasets(client: RepositoryClient) -> None:
    urns = [m.urn for m in client.metadata([REPORT], include_dependency_closure=True)]
    # Summary is owned; the link, the ext dataset and the ext link are named but not followed.
    assert urns == [REPORT, SUMMARY]
    urns = [m.urn for m in client.metadata([SCALED], include_dependency_closure=True)]
    assert urns == [SCALED, POSITIVE, ACCOUNTS]


def test_batch_metadata_closure_lists_each_dataset_once(client: RepositoryClient) -> None:
    urns = [m.urn for m in client.metadata([POSITIVE, SCALED, POSITIVE], include_dependency_closure=True)]
    assert urns == [POSITIVE, SCALED, ACCOUNTS]


def test_health_is_serving(client: RepositoryClient) -> None:
    assert client.health() == "SERVING"
    assert client.health("smv.repository.v1.SmvDataSetRepository") == "SERVING"
