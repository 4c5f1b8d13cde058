"""Safety triage of new comments: crisis language first, then links, contact details and
watched words. Held comments keep the reason for the moderator; nothing here is ever public
before a moderator has read it (except trusted readers' unremarkable comments, by policy)."""

from types import SimpleNamespace

import pytest
from django.core import mail
from django_comments_xtd.models import XtdComment
from wagtail.models import Site

from comments import posting
from comments.models import CommentPolicy, CrisisGroup, CrisisTerm
from comments.triage import screen
from tests.factories import post_comment, user_in_group

pytestmark = pytest.mark.usefixtures("emails_at_commit")

POST_URL = "/comments/post/"


@pytest.fixture
def policy(site_tree):
    return CommentPolicy.for_site(Site.objects.get(is_default_site=True))


def only_crisis_terms(*patterns, group=CrisisGroup.SELF_HARM):
    """Replace the crisis list with these patterns, as a clinician would in the admin."""
    CrisisTerm.objects.all().delete()
    for pattern in patterns:
        CrisisTerm.objects.create(group=group, pattern=pattern)


# Crisis language ------------------------------------------------------------------------------

CRISIS = [
    "Some days I think about suicide.",
    "I have been SUICIDAL since the weekend",
    "The urge to self-harm came back",
    "I started self harm again",
    "My brother had an Overdose last year",
    "I want to end my life",
    "I Want To End My Life.",
    "I   want to end\nmy life",
    "I don’t want to live any more",
]


@pytest.mark.parametrize("text", CRISIS)
def test_crisis_language_is_held_urgent(client, post, moderator, text):
    comment, _ = post_comment(client, post, text)
    assert comment.moderation.urgent
    assert not comment.is_public
    assert any(reason.startswith("Crisis language") for reason in comment.moderation.hold_reasons)


def test_crisis_comment_shows_resources_at_once(client, post, moderator):
    _, response = post_comment(client, post, "I want to end my life")
    html = client.get(response["Location"]).content.decode()
    assert "988" in html
    assert "SAMHSA" in html and "1-800-662-4357" in html
    assert "Crisis Text Line" in html and "741741" in html
    assert 'role="alert"' in html
    assert "awaiting moderation" in html


def test_ordinary_comment_shows_no_crisis_panel(client, post, moderator):
    _, response = post_comment(client, post, "Thank you for writing this.")
    html = client.get(response["Location"]).content.decode()
    assert "crisis--urgent" not in html
    assert "awaiting moderation" in html


def test_moderators_are_emailed_at_once(client, post, moderator):
    user_in_group("writer", "Writers", email="writer@example.org")
    comment, _ = post_comment(client, post, "I took an overdose last night")
    urgent = [m for m in mail.outbox if "URGENT" in m.subject]
    assert len(urgent) == 1
    assert urgent[0].to == ["moderator@example.org"]
    assert "writer@example.org" not in urgent[0].to
    # The reader gets the confirmation email; not the moderators' alert.
    assert all("sam@example.org" not in m.to for m in urgent)


def test_no_urgent_email_for_ordinary_comment(client, post, moderator):
    post_comment(client, post, "This helped me a lot, thank you.")
    assert not [m for m in mail.outbox if "URGENT" in m.subject]


def test_editing_crisis_terms_takes_effect(client, post, moderator):
    only_crisis_terms("hopeless", "can't go on")
    comment, _ = post_comment(client, post, "I feel Hopeless tonight")
    assert comment.moderation.urgent
    assert comment.moderation.hold_reasons == ["Crisis language: hopeless (suicide and self-harm)"]

    # A term removed from the list no longer marks a comment urgent.
    comment, _ = post_comment(client, post, "We talked about suicide prevention.")
    assert not comment.moderation.urgent


def test_an_inactive_term_does_not_match(client, post, moderator):
    only_crisis_terms("hopeless")
    CrisisTerm.objects.update(active=False)
    comment, _ = post_comment(client, post, "I feel hopeless tonight")
    assert not comment.moderation.urgent
    assert comment.moderation.hold_reasons == []


def test_the_reason_names_every_term_that_fired_and_its_group(db):
    only_crisis_terms("hopeless")
    CrisisTerm.objects.create(group=CrisisGroup.DANGER, pattern="he hit* me")
    result = screen("he hits me and I feel hopeless", watch_terms="")
    assert result.reasons == [
        "Crisis language: hopeless (suicide and self-harm), he hit* me (danger from others)"
    ]
    assert result.crisis == [
        ("Suicide and self-harm", "hopeless"),
        ("Danger from others", "he hit* me"),
    ]


def test_screening_reads_the_terms_in_one_query(db, django_assert_num_queries):
    with django_assert_num_queries(1):
        screen("I want to die", watch_terms="")


def test_crisis_terms_are_case_insensitive_in_the_list_too(db):
    only_crisis_terms("I Relapsed")
    assert CrisisTerm.objects.get().pattern == "i relapsed"
    assert screen("i relapsed", watch_terms="").urgent
    assert screen("i relapsed", crisis_terms="I Relapsed", watch_terms="").urgent


# Held for a moderator ------------------------------------------------------------------------


def test_more_than_two_links_is_held(client, post):
    text = "See https://a.example/x and http://b.example and www.c.example"
    comment, _ = post_comment(client, post, text)
    assert comment.moderation.hold_reasons == ["3 links"]
    assert not comment.moderation.urgent
    assert not comment.is_public


def test_two_links_are_not_held(client, post):
    comment, _ = post_comment(client, post, "https://a.example and https://b.example")
    assert comment.moderation.hold_reasons == []


@pytest.mark.parametrize(
    "phone",
    [
        "555-123-4567",
        "555.123.4567",
        "+44 20 7946 0958",
        "(555) 123-4567",
    ],
)
def test_phone_number_is_held(client, post, phone):
    comment, _ = post_comment(client, post, f"Call me on {phone} any time")
    assert comment.moderation.hold_reasons == ["Contains a phone number"]


def test_email_address_is_held(client, post):
    comment, _ = post_comment(client, post, "Write to me at jo.smith+recovery@example.com")
    assert comment.moderation.hold_reasons == ["Contains an email address"]


def test_watched_word_is_held(client, post):
    comment, _ = post_comment(client, post, "Best CASINO bonus here")
    assert comment.moderation.hold_reasons == ["Watched words: casino"]


def test_editing_watch_terms_takes_effect(client, post, policy):
    policy.watch_terms = "pills\nrehab deal"
    policy.save()
    comment, _ = post_comment(client, post, "Got any pills?")
    assert comment.moderation.hold_reasons == ["Watched words: pills"]
    comment, _ = post_comment(client, post, "Casino")  # no longer on the list
    assert comment.moderation.hold_reasons == []


def test_watched_words_see_through_disguises(client, post):
    comment, _ = post_comment(client, post, "Best C\u200bA S I N O bonus, c4sino")
    assert comment.moderation.hold_reasons == ["Watched words: casino"]


def test_words_inside_other_words_do_not_match(client, post, policy):
    policy.watch_terms = "pills\ncasino"
    policy.save()
    only_crisis_terms("od", "suicide")
    comment, _ = post_comment(client, post, "The coffee spills, the casinos close, a period.")
    assert comment.moderation.hold_reasons == []
    assert not comment.moderation.urgent


@pytest.mark.parametrize(
    "text, urgent",
    [
        ("pills", False),
        ("spills", False),
        ("overdose", True),
        ("overdosed", True),  # on the default list in its own right
        ("non-suicide", True),  # hyphens separate words
        ("self-harming", True),  # "self-harm*"
        ("period", False),  # not "od"
        ("an odd day", False),
        ("oddly enough", False),
    ],
)
def test_screen_matches_whole_words(db, text, urgent):
    assert screen(text).urgent is urgent


@pytest.mark.parametrize(
    "text, urgent",
    [
        ("suicide", True),
        ("suicidesquad", False),  # no "*": whole words only
        ("non-suicide", True),
        ("suicides", False),
    ],
)
def test_a_term_without_a_wildcard_is_a_whole_word(text, urgent):
    assert screen(text, crisis_terms=["suicide"], watch_terms="").urgent is urgent


def test_several_reasons_are_all_stored(client, post, moderator):
    text = "I want to die. Call 555-123-4567 or jo@example.com, casino"
    comment, _ = post_comment(client, post, text)
    reasons = comment.moderation.hold_reasons
    assert comment.moderation.urgent
    assert reasons[0].startswith("Crisis language")
    assert "Contains a phone number" in reasons
    assert "Contains an email address" in reasons
    assert "Watched words: casino" in reasons


# Trusted readers ----------------------------------------------------------------------------


@pytest.fixture
def reader(django_user_model):
    return django_user_model.objects.create_user("reader", "reader@example.org", "pw")


def post_as_reader(client, post, text):
    return post_comment(client, post, text, name="Reader", email="reader@example.org")


def test_trusted_reader_skips_moderation_when_policy_allows(client, post, policy, reader):
    policy.trusted_skip_moderation = True
    policy.save()
    client.force_login(reader)

    first, _ = post_as_reader(client, post, "My first comment")
    assert not first.is_public  # nothing approved yet
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True)

    second, _ = post_as_reader(client, post, "My second comment")
    assert second.is_public
    assert "My second comment" in client.get(post.url).content.decode()


def test_trusted_reader_is_still_held_when_triage_holds(client, post, policy, reader, moderator):
    policy.trusted_skip_moderation = True
    policy.save()
    client.force_login(reader)
    first, _ = post_as_reader(client, post, "My first comment")
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True)

    crisis, _ = post_as_reader(client, post, "I want to end my life")
    assert not crisis.is_public and crisis.moderation.urgent
    links, _ = post_as_reader(client, post, "http://a.example http://b.example http://c.example")
    assert not links.is_public


def test_a_crisis_comment_is_never_published_at_once(client, post, policy, reader, monkeypatch):
    """A crisis comment waits for a moderator even if nothing else about it would hold it."""
    policy.trusted_skip_moderation = True
    policy.save()
    client.force_login(reader)
    first, _ = post_as_reader(client, post, "My first comment")
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True)

    urgent_only = SimpleNamespace(urgent=True, held=False, reasons=[])
    monkeypatch.setattr(posting, "screen", lambda *args, **kwargs: urgent_only)
    crisis, _ = post_as_reader(client, post, "A comment triage marked urgent")
    assert crisis.moderation.urgent
    assert not crisis.is_public


def test_trusted_reader_is_moderated_when_policy_is_off(client, post, policy, reader):
    assert not policy.trusted_skip_moderation  # the default
    client.force_login(reader)
    first, _ = post_as_reader(client, post, "My first comment")
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True)
    second, _ = post_as_reader(client, post, "My second comment")
    assert not second.is_public


def test_anonymous_reader_with_an_approved_comment_is_moderated(client, post, policy):
    policy.trusted_skip_moderation = True
    policy.save()
    first, _ = post_comment(client, post, "My first comment")
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True)
    second, _ = post_comment(client, post, "My second comment")
    assert not second.is_public


def test_removed_earlier_comment_does_not_make_a_reader_trusted(client, post, policy, reader):
    policy.trusted_skip_moderation = True
    policy.save()
    client.force_login(reader)
    first, _ = post_as_reader(client, post, "My first comment")
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True, is_removed=True)
    second, _ = post_as_reader(client, post, "My second comment")
    assert not second.is_public


def test_trust_is_not_borrowed_with_someone_elses_email(
    client, post, policy, reader, django_user_model
):
    policy.trusted_skip_moderation = True
    policy.save()
    client.force_login(reader)
    first, _ = post_as_reader(client, post, "My first comment")
    XtdComment.norel_objects.filter(pk=first.pk).update(is_public=True)

    stranger = django_user_model.objects.create_user("stranger", "stranger@example.org", "pw")
    client.force_login(stranger)
    borrowed, _ = post_as_reader(client, post, "Pretending to be the trusted reader")
    assert not borrowed.is_public
