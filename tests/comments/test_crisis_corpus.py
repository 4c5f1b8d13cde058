"""How well the default crisis terms (loaded by the comments migrations) catch crisis language in
reader comments, and how often they hold an ordinary one.

The corpus is written for Kinship, in our own words: positives in plain, indirect, misspelt,
slang, spaced-out, dotted, leetspeak and invisible-character forms; negatives are the kind of
comment a recovery community writes every day, many of them close to crisis words ("I overcame
my urge to use"). The list errs towards holding: a false alarm costs a moderator a click, a miss
can cost a life. So past or third-person mentions of an overdose or suicide are held on purpose,
and are counted below as false alarms; the false-alarm rate must stay at or under 10%, recall at
or over 97%. `pytest tests/comments/test_crisis_corpus.py -s` prints both.
"""

import pytest

from comments.crisis import DEFAULT_TERMS
from comments.models import CrisisGroup, CrisisTerm
from comments.patterns import canonical_pattern
from comments.triage import screen
from tests.factories import post_comment

MIN_RECALL = 0.97
MAX_FALSE_ALARMS = 0.10

# Zero-width space and joiner, soft hyphen, right-to-left override and its end, word joiner, BOM.
ZWSP, ZWJ, SHY, RLO, PDF = "\u200b", "\u200d", "\u00ad", "\u202e", "\u202c"
WJ, BOM = "\u2060", "\ufeff"

# The phrases the brief named: each must be held as urgent.
MUST_CATCH = [
    "thinking about overdosing tonight",
    "some nights I think about ending it",
    "kill my self",
    "k i l l myself",
    "im gonna OD tonight",
    "unalive myself",
]

POSITIVES = MUST_CATCH + [
    # Suicide and self-harm, said plainly or indirectly.
    "I've been thinking about suicide a lot lately",
    "honestly i feel suicidal again and i don't know why",
    "i just want to die",
    "I wanna die, nothing is getting better",
    "I dont want to be here anymore",
    "i do not want to be alive anymore",
    "There's no reason to live now that she's gone",
    "I have nothing left to live for",
    "everyone would be better off without me",
    "My family would be better off if I was dead",
    "I'm going to end my life this weekend",
    "I keep thinking about taking my own life",
    "tonight I end it all",
    "I'm ready to end it",
    "i want to kms",
    "ngl gonna kms after this week",
    "nobody cares about your story, kys",
    "I wish I was dead",
    "i wish i could just die",
    "I'm so tired of being alive",
    "I can't go on like this",
    "I cannot do this anymore",
    "I've started cutting myself again",
    "I hurt myself last night on purpose",
    "the urge to self harm is back",
    "relapsed on selfharm yesterday",
    "I've been thinking of hanging myself",
    "part of me wants to jump off the bridge on my way home",
    "this is goodbye, thank you all for trying",
    "I won't be here tomorrow",
    "life isn't worth living without him",
    "No one would even miss me if I was gone",
    "I'm just a burden to everyone",
    "I hope I never wake up",
    "sewerslide is on my mind every day",
    "Some days I feel like I want to unalive",
    "I've written my goodbye letters",
    "I'm going to shoot myself",
    "been thinking about self-deleting",
    "thinking about ending it all tonight",
    "I'm gonna end myself",
    "Sometimes I think my kids would be better off without me",
    "I'm planning my suicide",
    "tired of living honestly",
    "I don't want to wake up tomorrow",
    "killin myself slowly and everyone can see it",
    "Everyone says it gets better but I want it all to end",
    "there is no point in living like this",
    "#wanttodie",
    "I'd rather be dead than feel like this",
    "I sat with the razor and cut my wrist",
    "I can't keep going",
    "can't go on anymore",
    # Misspelt, slang, elongated.
    "i think about sucide every night",
    "suicde is all I think about",
    "i want to diiiieeee",
    "KILLLLL MYSELF",
    "I want to kil myself",
    "gonna kms fr",
    "i want to kms rn",
    "i'll kms if this keeps up",
    # Spaced, dotted, hyphenated and punctuated letters.
    "I want to d.i.e",
    "k.i.l.l myself",
    "k-i-l-l myself",
    "s u i c i d e",
    "thinking of s-u-i-c-i-d-e",
    "i'm gonna k.m.s",
    "k i l l m y s e l f",
    "kill_myself",
    # Leetspeak.
    "Su1c1de is all I think about",
    "I want to k1ll mys3lf",
    "$uicidal thoughts again",
    "5u1c1d4l",
    "im gonna 0D tonight",
    "0verd0se tonight",
    # Invisible and look-alike characters.
    f"kill{ZWSP}myself",
    f"su{ZWSP}ici{ZWJ}de",
    f"I want to {RLO}end my life{PDF}",
    "ＫＩＬＬ ＭＹＳＥＬＦ",
    f"sui{SHY}cidal",
    f"k{WJ}i{WJ}l{WJ}l myself",
    f"{BOM}want to die",
    "Ѕuісіdе",  # Cyrillic S, i, c, i, e among Latin letters
    "i don’t want to live anymore",
    "I don\u2019t want to be here anymore",
    # Overdose and using.
    "I OD'd twice this month",
    "pretty sure i'm going to OD",
    "my friend is ODing right now what do I do",
    "I took too many pills",
    "swallowed a handful of pills an hour ago",
    "I'm going to relapse tonight, I can feel it",
    "relapsing tonight, don't care anymore",
    "about to relapse, please someone talk to me",
    "I'm going to use tonight",
    "gonna drink tonight and not stop",
    "he's not breathing and his lips are blue",
    "i can't wake him up",
    "I think the stuff I bought was laced with fent",
    "going to score some dope tonight",
    "mixing xanax with vodka tonight",
    "I'm drinking myself to death and I know it",
    "going to use alone so nobody can stop me",
    "I don't have any narcan",
    "I think I overdosed last night",
    "overdosing seems like the easiest way out",
    "over-dosing is on my mind",
    "taking all my xans tonight",
    "might just OD and be done with it",
    "I shot up alone again",
    "I started using again after 2 years",
    "been drinking again since friday",
    "detoxing alone at home, shaking all night",
    "O.D. tonight",
    "ovrdose",
    # Danger from others.
    "my boyfriend hits me when he's drunk",
    "he hits me",
    "She beat me again last night",
    "I'm afraid he will kill me",
    "I'm scared that he's going to hurt me",
    "he threatened to kill me if i go to the police",
    "I'm being abused at home",
    "I'm not safe at home",
    "I don't feel safe in my own house",
    "I was trafficked and just got out",
    "my husband choked me last week",
    "He said he'll kill me if I leave",
    "my partner won't let me leave the house",
    "he held a knife to my throat",
    "my stepdad abuses me",
    "I was raped at a party on saturday",
    "he forced me to have sex",
    "my ex is stalking me and I'm scared",
    "he locked me in the bedroom",
    "my dad beats me",
    "h3 h1ts m3",
    "he punched me in the face",
    "I'm terrified of my husband",
    "my pimp takes everything",
    "he pulled a knife on me",
    "they're trafficking me",
]

NEGATIVES = [
    # Near misses a recovery community writes every day.
    "I overcame my urge to use",
    "I used to drink every night, now I go running instead",
    "Today I'm 90 days clean!",
    "I ran 5 kms this morning before work",
    "Call 988 if you need to talk, they helped me",
    "The helpline is open 24/7",
    "My sponsor picks up at 4am if I call",
    "This post killed me, so relatable",
    "I could kill for a coffee right now",
    "My feet are killing me after the walk",
    "I'm dying to try the new Tuesday group",
    "Relapse is part of a lot of people's story. Don't give up.",
    "I relapsed twice before it finally stuck",
    "Narcan saved my friend's life last year",
    "Everyone should carry naloxone",
    "That was an odd thing to read, but true",
    "The odds are better than you think",
    "I had a period of feeling low but it passed",
    "I cut myself off from old using friends",
    "It hit me that I needed help",
    "The craving hits me around 6pm",
    "Beats me why they moved the meeting",
    "Mixing meetings with therapy worked for me",
    "I used alone for years; now I never have to",
    "I'm safe at home now with my kids",
    "The shelter helped me feel safe again",
    "He hit the nail on the head with this article",
    "My husband has been so supportive",
    "I took my meds this morning like my doctor said",
    "Too many people think addiction is a choice",
    "I keep a bottle of water with me at meetings",
    "Has anyone tried the Kinship app?",
    "I was high on life at my daughter's wedding",
    "Go team! 3 years sober today",
    "My therapist said to take it one day at a time",
    "I ended my relationship with alcohol 2 years ago",
    "We ended it amicably and stayed friends",
    "Nothing will ever end my love for this group",
    "I can't wait for the picnic",
    "Thank you for writing this, it made me cry",
    "My mum is going to kill me for staying out late lol",
    "Drinking 2L of water a day helps my cravings",
    "I lost 5 friends to fentanyl and I carry narcan now",
    "I'm a survivor of abuse and this group gives me strength",
    "Being around people who use is hard",
    "He was my best friend, he died in 2019",
    "I used to think about ending my drinking, and now I have",
    "The detox unit staff were so kind",
    "My k i d s are my reason to stay clean",
    "I a m so grateful",
    "u r not alone",
    "Text HOME to 741741",
    "I'm on this forum 24/7 lol",
    "Recovery is a marathon, not a sprint",
    "I love how honest this is",
    "I was scared to go to my first meeting",
    "It hurts me to see my son struggle",
    "My doctor upped my dose of naltrexone",
    "I'm going to a meeting tonight instead of using",
    "No one understands like people in recovery do",
    "Nobody would believe how far I've come",
    "One of the group members passed away last month",
    "I'm not drinking tonight",
    "Don't let anyone tell you you're a burden",
    "I was ready to give up, but then I found this group",
    "sometimes the cravings are so bad I want to scream",
    "This place is a lifeline for me",
    "I take my suboxone every morning",
    "My methadone dose was lowered last week",
    "First time sober at a wedding, weird but good",
    "My ex used to hit the bottle hard",
    "Kill the cravings with a walk, that's my motto",
    "Struggling today, but I'm still here",
    "Just wanted to say thank you. I'm still alive and 2 years clean.",
    "I got my 1 year chip!!!",
    "4 months today, one day at a time",
    "The 12 steps saved my life",
    "Does anyone know a good meeting in the east end?",
    "I was so scared of withdrawal but the clinic made it bearable",
    "My wife and I are celebrating 5 years of sobriety together",
    "Don't give up before the miracle happens",
    "I wish I'd found this group sooner",
    "My brother finally went to rehab, I'm so proud of him",
    "I'm tired but happy after my first week back at work",
    "I want to help others like this group helped me",
    "Who else finds Sundays the hardest?",
    "Gonna try the morning meeting tomorrow",
    "My dad was an alcoholic and I swore I'd never drink",
    "I've been clean since 2015 and life is good",
    # Held on purpose (counted as false alarms): mentions we would rather a moderator read.
    "My dad died of an overdose years ago and I miss him",
    "We had a suicide prevention training at work",
    "I'm cutting myself some slack today",
    "I'm not going to drink tonight, I'm going to a meeting",
    "I'm tired of living in fear of cravings",
    "When I detoxed alone it was dangerous, please go to a clinic",
    "Pills and alcohol nearly killed me once; 5 years clean now",
]


# The crisis words of the Comment policy setting before crisis terms became their own model.
OLD_DEFAULTS = {
    "suicide",
    "suicidal",
    "kill myself",
    "killing myself",
    "end my life",
    "end it all",
    "want to die",
    "don't want to live",
    "no reason to live",
    "better off dead",
    "self-harm",
    "self harm",
    "hurt myself",
    "hurting myself",
    "cutting myself",
    "overdose",
    "overdosed",
    "od'd",
    "took too many pills",
    "relapse tonight",
}


def is_urgent(text):
    return screen(text, watch_terms="").urgent


def test_the_migration_loads_the_default_list(db):
    stored = {(t.group, t.pattern, t.note) for t in CrisisTerm.objects.all()}
    assert stored == {(g, canonical_pattern(p), n) for g, p, n in DEFAULT_TERMS}
    assert len(stored) >= 60
    assert all(CrisisTerm.objects.values_list("active", flat=True))
    assert {t.group for t in CrisisTerm.objects.all()} == set(CrisisGroup.values)
    assert all(note for _, _, note in DEFAULT_TERMS)


def test_the_corpus_is_big_enough():
    assert len(set(POSITIVES)) == len(POSITIVES)
    assert len(set(NEGATIVES)) == len(NEGATIVES)
    assert len(POSITIVES) + len(NEGATIVES) >= 150


def test_recall_and_false_alarm_rate(db):
    missed = [text for text in POSITIVES if not is_urgent(text)]
    alarms = [text for text in NEGATIVES if is_urgent(text)]
    recall = 1 - len(missed) / len(POSITIVES)
    false_alarms = len(alarms) / len(NEGATIVES)
    print(
        f"\nCrisis terms: recall {recall:.3f} ({len(POSITIVES) - len(missed)}/{len(POSITIVES)}), "
        f"false-alarm rate {false_alarms:.3f} ({len(alarms)}/{len(NEGATIVES)})"
    )
    print("Missed:", missed)
    print("False alarms:", alarms)
    assert recall >= MIN_RECALL, missed
    assert false_alarms <= MAX_FALSE_ALARMS, alarms


@pytest.mark.parametrize("text", MUST_CATCH)
def test_named_phrases_are_urgent(db, text):
    result = screen(text, watch_terms="")
    assert result.urgent
    assert result.reasons[0].startswith("Crisis language: ")


def test_every_word_of_the_old_list_is_still_caught(db):
    assert len(OLD_DEFAULTS) == 20
    assert [text for text in OLD_DEFAULTS if not is_urgent(f"I {text}")] == []


@pytest.mark.parametrize(
    "text",
    [
        "Call 988 or text 741741, 24/7",
        "1-800-662-4357",
        "I have been sober 365 days, 52 weeks, 12 months",
        "Meeting at 7pm, room 3, bring $5",
        "I take 30mg in the morning and 10mg at 4am",
        "My 1st, 2nd and 3rd years were the hardest",
    ],
)
def test_numbers_are_not_leetspeak(db, text):
    assert not is_urgent(text)


def test_the_reason_names_the_term_and_its_group(db):
    result = screen("I think I'm going to OD tonight", watch_terms="")
    assert "od (overdose and using)" in result.reasons[0]
    result = screen("he hits me", watch_terms="")
    assert "(danger from others)" in result.reasons[0]


# Posting through the site -------------------------------------------------------------------


@pytest.mark.parametrize("text", MUST_CATCH)
def test_posting_a_named_phrase_holds_it_urgent_and_shows_help(client, post, moderator, text):
    comment, response = post_comment(client, post, text)
    assert comment.comment == text
    assert comment.moderation.urgent
    assert not comment.is_public
    assert comment.moderation.hold_reasons[0].startswith("Crisis language: ")
    html = client.get(response["Location"]).content.decode()
    assert "crisis--urgent" in html
    assert 'href="tel:988"' in html and "988 Suicide &amp; Crisis Lifeline" in html
