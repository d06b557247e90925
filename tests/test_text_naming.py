"""Naming conventions, near-duplicate grouping and did-you-mean (linter.text.naming)."""

from __future__ import annotations

import difflib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.text import naming
from linter.text.naming import (
    CONVENTIONS,
    Suggester,
    check_name,
    convert_name,
    describe,
    did_you_mean,
    group_similar,
    hint_for,
    is_past_tense,
    normalise_name,
    split_words,
)

PASSING = {
    "title_case": ["Order Completed", "Add to Cart", "Terms of Service Viewed", "FAQ Viewed",
                   "Checkout Step 2 Viewed", "2FA Enabled", "Signup", "Pedido Concluído"],
    "snake_case": ["order_completed", "plan_type", "step_2_viewed", "utm_source", "order"],
    "camel_case": ["orderCompleted", "planType", "step2Viewed", "order", "orderID"],
    "pascal_case": ["OrderCompleted", "PlanType", "Order", "HTTPRequestSent"],
    "kebab_case": ["order-completed", "plan-type", "step-2-viewed", "order"],
    "object_action": ["Order Completed", "User Signed Up", "Product Viewed", "Cart Item Added",
                      "Product Added to Wishlist", "Email Sent", "Password Reset",
                      "Article Read"],
}

FAILING = {
    "title_case": ["order completed", "Order  Completed", " Order Completed",
                   "Order Completed ", "Order_Completed", "ORDER COMPLETED", "OrderCompleted",
                   "to Cart Added", "Order completed", "", "Order-Completed"],
    "snake_case": ["Order_completed", "order__completed", "_order", "order_", "orderCompleted",
                   "order-completed", "2fa_enabled", "order completed", ""],
    "camel_case": ["OrderCompleted", "order_completed", "order completed", "2fa", ""],
    "pascal_case": ["orderCompleted", "Order_Completed", "Order Completed", "2Fa", ""],
    "kebab_case": ["order_completed", "Order-Completed", "order--completed", "-order",
                   "order-", ""],
    "object_action": ["Signed Up", "Completed Order", "Order", "order completed",
                      "Speed Test", "Red Button", "Order Completion", "ORDER COMPLETED"],
}


def test_conventions_are_the_plan_schema_names() -> None:
    assert CONVENTIONS == ("title_case", "snake_case", "camel_case", "pascal_case",
                           "kebab_case", "object_action")


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_every_convention_accepts_its_own_names(convention: str) -> None:
    rejected = [name for name in PASSING[convention] if not check_name(name, convention)]
    assert rejected == []


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_every_convention_rejects_other_spellings(convention: str) -> None:
    accepted = [name for name in FAILING[convention] if check_name(name, convention)]
    assert accepted == []


def test_unknown_convention_is_an_error_with_a_hint() -> None:
    with pytest.raises(ValueError, match="did you mean 'title_case'"):
        check_name("Order Completed", "Title-Case")
    with pytest.raises(ValueError, match="unknown naming convention"):
        convert_name("x", "dot_case")
    with pytest.raises(ValueError):
        describe("screaming_case")


@pytest.mark.parametrize("word", ["Completed", "Added", "Sent", "Reset", "Read", "Paid",
                                  "Signed", "Shipped", "Fed"])
def test_past_tense_words(word: str) -> None:
    assert is_past_tense(word)


@pytest.mark.parametrize("word", ["Up", "Speed", "Red", "Order", "Completion", "Need", "Ed"])
def test_words_that_are_not_past_tense(word: str) -> None:
    assert not is_past_tense(word)


@pytest.mark.parametrize(("name", "convention", "expected"), [
    ("Order Completed", "snake_case", "order_completed"),
    ("Order Completed", "camel_case", "orderCompleted"),
    ("Order Completed", "pascal_case", "OrderCompleted"),
    ("Order Completed", "kebab_case", "order-completed"),
    ("order_completed", "title_case", "Order Completed"),
    ("orderCompleted", "title_case", "Order Completed"),
    ("ORDER_COMPLETED", "title_case", "Order Completed"),
    ("ORDER COMPLETED", "snake_case", "order_completed"),
    ("add_to_cart", "title_case", "Add to Cart"),
    ("Add To Cart", "title_case", "Add to Cart"),
    ("order ID", "title_case", "Order ID"),
    ("orderID", "snake_case", "order_id"),
    ("HTTPRequestSent", "kebab_case", "http-request-sent"),
    ("plan-type", "camel_case", "planType"),
    ("Order  Completed", "title_case", "Order Completed"),
    ("step 2 viewed", "snake_case", "step_2_viewed"),
])
def test_convert_name(name: str, convention: str, expected: str) -> None:
    assert convert_name(name, convention) == expected


@pytest.mark.parametrize(("name", "convention"), [
    ("order_completed", "object_action"),   # only a human knows object from action
    ("Order Completed", "object_action"),
    ("___", "snake_case"),                   # no words at all
    ("", "title_case"),
    ("2FA Enabled", "snake_case"),           # snake_case cannot start with a digit
])
def test_convert_name_returns_none_without_a_sensible_spelling(name: str,
                                                               convention: str) -> None:
    assert convert_name(name, convention) is None


@pytest.mark.parametrize("convention", [c for c in CONVENTIONS if c != "object_action"])
@pytest.mark.parametrize("name", ["Order Completed", "order_completed", "planType",
                                  "HTTPRequestSent", "step-2-viewed", "FAQ Viewed"])
def test_converted_names_follow_the_convention_and_keep_the_key(name: str,
                                                                convention: str) -> None:
    converted = convert_name(name, convention)
    assert converted is not None
    assert check_name(converted, convention)
    assert normalise_name(converted) == normalise_name(name)


@given(st.text(alphabet="abcXYZ09_- .", max_size=20), st.sampled_from(CONVENTIONS))
def test_conversion_never_offers_a_name_that_breaks_the_convention(name: str,
                                                                   convention: str) -> None:
    converted = convert_name(name, convention)
    assert converted is None or check_name(converted, convention)


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_describe_names_the_convention_with_an_example(convention: str) -> None:
    sentence = describe(convention)
    assert "e.g. '" in sentence
    example = sentence.split("e.g. '")[1].split("'")[0]
    assert check_name(example, convention)


@pytest.mark.parametrize(("name", "words"), [
    ("orderCompleted", ["order", "Completed"]),
    ("HTTPRequestSent", ["HTTP", "Request", "Sent"]),
    ("step2Viewed", ["step2", "Viewed"]),
    ("2FA Enabled", ["2FA", "Enabled"]),
    ("  order--completed__", ["order", "completed"]),
    ("", []),
])
def test_split_words(name: str, words: list[str]) -> None:
    assert split_words(name) == words


def test_spellings_of_one_name_share_a_key() -> None:
    spellings = ["Order Completed", "order_completed", "OrderCompleted", "orderCompleted",
                 "order-completed", "ORDER COMPLETED", "Order  Completed", "order.completed",
                 "\uff2frder Completed"]  # the first letter is a full-width O
    assert {normalise_name(name) for name in spellings} == {"ordercompleted"}
    assert normalise_name("Order Refunded") != normalise_name("Order Completed")


def test_group_similar_groups_spellings_in_first_appearance_order() -> None:
    names = ["Order Completed", "Product Viewed", "order_completed", "OrderCompleted",
             "Order Refunded", "product-viewed", "Order Completed", "Cart Viewed"]
    assert group_similar(names) == [
        ("Order Completed", "order_completed", "OrderCompleted"),
        ("Product Viewed", "product-viewed"),
    ]


def test_group_similar_ignores_unique_names_duplicates_and_keyless_names() -> None:
    assert group_similar(["A", "B", "A"]) == []
    assert group_similar(["!!", "??"]) == []
    assert group_similar([]) == []
    assert group_similar({"plan_type": 1, "planType": 2}) == [("plan_type", "planType")]


def test_group_similar_is_deterministic_for_sorted_input() -> None:
    names = {"order_completed", "Order Completed", "OrderCompleted"}
    assert group_similar(sorted(names)) == [("Order Completed", "OrderCompleted",
                                             "order_completed")]


PLAN_EVENTS = ["Order Completed", "Order Refunded", "Product Viewed", "Product Added",
               "Signed Up", "Checkout Started"]


@pytest.mark.parametrize(("unknown", "expected"), [
    ("order_completed", "Order Completed"),    # another convention: exact after normalising
    ("OrderCompleted", "Order Completed"),
    ("Order Compelted", "Order Completed"),    # transposed letters
    ("Prodct Viewed", "Product Viewed"),       # missing letter
    ("Signed Upp", "Signed Up"),
    ("checkout_strated", "Checkout Started"),
])
def test_did_you_mean_finds_the_intended_name(unknown: str, expected: str) -> None:
    assert did_you_mean(unknown, PLAN_EVENTS) == [expected]


def test_did_you_mean_returns_nothing_for_unrelated_names() -> None:
    assert did_you_mean("Newsletter Subscribed", PLAN_EVENTS) == []
    assert did_you_mean("", PLAN_EVENTS) == []
    assert did_you_mean("x", []) == []


def test_exact_key_matches_come_before_close_ones_and_never_the_name_itself() -> None:
    candidates = ["Order Completed", "order_completed", "Order Complete"]
    found = did_you_mean("order_completed", candidates, limit=3)
    assert found[0] == "Order Completed"
    assert "order_completed" not in found
    assert did_you_mean("OrderCompleted", candidates, limit=3)[:2] == ["Order Completed",
                                                                       "order_completed"]


def test_limit_orders_by_similarity() -> None:
    found = did_you_mean("Product Vewed", ["Product Viewed", "Products Viewed", "Product Added"],
                         limit=5)
    assert found[0] == "Product Viewed"
    assert "Product Added" not in found
    assert did_you_mean("Product Vewed", PLAN_EVENTS, limit=0) == []


def test_suggestions_do_not_depend_on_candidate_order() -> None:
    candidates = ["Order Complete", "Order Completes", "Orders Completed"]
    forward = did_you_mean("Order Completedd", candidates, limit=3)
    backward = did_you_mean("Order Completedd", list(reversed(candidates)), limit=3)
    assert forward == backward


def test_hint_for() -> None:
    assert hint_for("order_completed", PLAN_EVENTS) == "did you mean 'Order Completed'?"
    assert hint_for("Newsletter Subscribed", PLAN_EVENTS) is None
    assert hint_for("plan_typ", {"plan_type": object()}) == "did you mean 'plan_type'?"


def test_a_suggester_can_be_reused_and_passed_in() -> None:
    suggester = Suggester(PLAN_EVENTS)
    assert suggester.suggest("Order Refundd") == ["Order Refunded"]
    assert did_you_mean("Signed upp", suggester) == ["Signed Up"]
    assert hint_for("product_added", suggester) == "did you mean 'Product Added'?"
    with pytest.raises(ValueError):
        Suggester(PLAN_EVENTS, cutoff=0)


def test_suggesting_against_a_thousand_candidates_compares_each_at_most_once(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Counted rather than timed: the candidates a lookup compares, and the full
    # similarity ratios it computes (the costly step).
    counts = {"compared": 0, "scored": 0}

    class Counting(difflib.SequenceMatcher):
        def set_seq1(self, a: str) -> None:
            counts["compared"] += 1
            super().set_seq1(a)

        def ratio(self) -> float:
            counts["scored"] += 1
            return super().ratio()

    monkeypatch.setattr(naming.difflib, "SequenceMatcher", Counting)
    objects = ["Order", "Product", "Cart", "Checkout", "Coupon", "Promotion", "Wishlist",
               "Account", "Subscription", "Invoice", "Payment", "Shipment", "Review",
               "Search", "Page", "Video", "Article", "Newsletter", "Profile", "Team"]
    actions = ["Viewed", "Added", "Removed", "Completed", "Started", "Updated", "Deleted",
               "Shared", "Clicked", "Failed"]
    candidates = [f"{o} {a} {i}" for o in objects for a in actions for i in range(5)]
    assert len(candidates) == 1000
    suggester = Suggester(candidates)
    expected = {"Ordre Viewed 3": ["Order Viewed 3"], "product_added_4": ["Product Added 4"],
                "Nothing Like It": [], "Cart Remved 1": ["Cart Removed 1"]}
    for unknown, suggestion in expected.items():
        counts.update(compared=0, scored=0)
        assert suggester.suggest(unknown) == suggestion
        assert counts["compared"] <= len(candidates)  # each candidate once, at most
        assert counts["scored"] <= 20  # the cheap upper bound rules out the others
        if unknown == "product_added_4":  # the same name in another spelling: no search
            assert counts == {"compared": 0, "scored": 0}
