"""Crisis terms: the words and phrases that mark a reader's comment urgent.

Clinical reviewers, Moderators and Editors edit them in the admin (Crisis terms, next to
Comments: comments/crisis_admin.py). A match holds the comment as urgent, emails the
Moderators at once and shows the writer crisis resources (comments/triage.py screens
every new comment against the active terms). The pattern syntax is in patterns.PATTERN_HELP.

DEFAULT_TERMS is the list shipped with Kinship (loaded by migration comments 0002), written for
Kinship in three groups. It errs towards holding: a false alarm costs a moderator one click, a
miss can cost a life. Past and third-person mentions of suicide or overdose are held too.
"""

from django.db import models


class CrisisGroup(models.IntegerChoices):
    SELF_HARM = 1, "Suicide and self-harm"
    USING = 2, "Overdose and using"
    DANGER = 3, "Danger from others"


SELF_HARM, USING, DANGER = CrisisGroup.SELF_HARM, CrisisGroup.USING, CrisisGroup.DANGER

# (group, pattern, note). Kept in step with the migration that loads them (comments 0002).
DEFAULT_TERMS = [
    # Suicide and self-harm -----------------------------------------------------------------
    (SELF_HARM, "suic*", "Suicide, suicidal, and misspellings that keep the start (suicde)."),
    (SELF_HARM, "su*cid*", "Misspellings such as sucide or sucidal."),
    (SELF_HARM, "sewer slide", "Slang for suicide, written to slip past filters."),
    (SELF_HARM, "unaliv*", "Unalive, unalived, unaliving: filter-dodging slang for suicide."),
    (SELF_HARM, "self delet*", "Self-delete, self-deleting: another filter-dodging word."),
    (
        SELF_HARM,
        "kil* myself",
        "Kill myself, killing myself, killin myself, kill my self, kil myself.",
    ),
    (SELF_HARM, "end* myself", "Ending myself."),
    (
        SELF_HARM,
        "to/gonna/wanna/gotta/finna/might/will/just/i'll/ima kms",
        "kms (kill myself) in use; kms alone is also kilometres.",
    ),
    (SELF_HARM, "kms tonight/today/now/rn", "kms (kill myself) with a time."),
    (SELF_HARM, "kys", "Kill yourself: usually aimed at another reader, who needs protecting."),
    (SELF_HARM, "kill yourself/urself", "Said to another reader, or repeated from someone."),
    (SELF_HARM, "end* my life", "End my life, ending my life."),
    (SELF_HARM, "take/taking/took my own life", "Taking my own life, including a past attempt."),
    (SELF_HARM, "end* it all", "End it all, ending it all."),
    (SELF_HARM, "think*/thought about ending it", "Thinking about ending it."),
    (SELF_HARM, "want/wanna/ready/gonna/planning ... end it", "I want to end it, ready to end it."),
    (SELF_HARM, "end it tonight/today/now", "Ending it with a time: act now."),
    (SELF_HARM, "want* to die", "Want to die, wanting to die, wanted to die."),
    (SELF_HARM, "wanna die", "Wanna die."),
    (SELF_HARM, "ready to die", "Ready to die."),
    (SELF_HARM, "wish i ... dead/die", "Wish I was dead, wish I could just die."),
    (SELF_HARM, "rather be dead", "I'd rather be dead."),
    (SELF_HARM, "better off ... dead", "Better off dead, better off if I was dead."),
    (SELF_HARM, "better off without me", "Everyone would be better off without me."),
    (
        SELF_HARM,
        "don't want/wanna ... be here/alive/around",
        "Don't want to be here anymore, don't want to be alive.",
    ),
    (SELF_HARM, "don't want/wanna ... live", "Don't want to live (anymore)."),
    (SELF_HARM, "don't want/wanna ... wake up", "Don't want to wake up tomorrow."),
    (SELF_HARM, "hope i don't/never wake up", "Hoping not to wake up."),
    (SELF_HARM, "never wake up", "Wanting never to wake up."),
    (SELF_HARM, "no reason/point to/in live/living", "No reason to live, no point in living."),
    (SELF_HARM, "nothing ... to live for", "Nothing (left) to live for."),
    (SELF_HARM, "isn't/not worth living", "Life isn't worth living."),
    (SELF_HARM, "tired/sick of living", "Tired of living."),
    (SELF_HARM, "tired/sick of being alive", "Tired of being alive."),
    (SELF_HARM, "can't go on any more", "Can't go on anymore."),
    (SELF_HARM, "can't go on like this", "Can't go on like this."),
    (SELF_HARM, "can't do this any more", "Can't do this anymore: distress that needs a reply."),
    (SELF_HARM, "can't keep living/going", "Can't keep going."),
    (SELF_HARM, "want* it all to end/stop", "Want it all to end."),
    (SELF_HARM, "no-one/nobody would/will ... miss me", "Nobody would miss me."),
    (SELF_HARM, "burden to/on everyone/everybody", "Feeling a burden to everyone: a risk sign."),
    (SELF_HARM, "this is goodbye", "A goodbye message."),
    (SELF_HARM, "goodbye forever/everyone/world", "A goodbye message."),
    (SELF_HARM, "goodbye note*/letter*", "Goodbye notes or letters."),
    (SELF_HARM, "won't be here/around ... tomorrow/longer", "Won't be here tomorrow."),
    (SELF_HARM, "disappear* forever", "Wanting to disappear forever."),
    (SELF_HARM, "hurt* myself", "Hurt myself, hurting myself."),
    (SELF_HARM, "harm* myself", "Harm myself, harming myself."),
    (SELF_HARM, "self-harm*", "Self-harm, self harm, selfharm, self-harming."),
    (SELF_HARM, "cutting myself", "Cutting myself (also catches “cutting myself some slack”)."),
    (SELF_HARM, "cut* myself again/tonight/deep*/bad*", "Cut myself again, cut myself deep."),
    (SELF_HARM, "cut*/slit* my wrist*/arm*/thigh*", "Cutting wrists, arms or thighs."),
    (SELF_HARM, "hang* myself", "Hang myself, hanging myself."),
    (SELF_HARM, "shoot* myself", "Shoot myself."),
    (SELF_HARM, "blow* my brains out", "Blow my brains out."),
    (SELF_HARM, "jump* off ... bridge/building/roof/cliff", "Jumping off a bridge or building."),
    (SELF_HARM, "front of a/the train/truck/lorry", "Stepping in front of a train or truck."),
    # Overdose and using ---------------------------------------------------------------------
    (USING, "overdos*", "Any mention of overdose; past and third-person ones are held too."),
    (USING, "ovrdos*/ovedos*/overdoz*", "Misspellings of overdose."),
    (USING, "od", "OD, OD'd, OD'ing (the apostrophe ends the word; odd does not match)."),
    (USING, "oding/oded/ods", "ODing, ODed, ODs written without an apostrophe."),
    (USING, "too many pills/tablets/meds/xans/bars/percs/oxys", "Took too many pills."),
    (USING, "bottle/handful/packet of pills/tablets/meds", "A handful or bottle of pills."),
    (
        USING,
        "all ... pills/meds/xans/bars/tablets/percs/oxys tonight",
        "Taking all my pills tonight.",
    ),
    (USING, "all ... pills/meds/xans/bars/tablets/percs/oxys at once", "All the pills at once."),
    (USING, "relaps* ... tonight/today/now", "Relapse tonight, relapsing today."),
    (USING, "about to relapse", "About to relapse."),
    (
        USING,
        "going/gonna ... use/using/drink/drinking tonight",
        "Going to use tonight (also “not going to drink tonight”: worth a look anyway).",
    ),
    (USING, "started/been using/drinking/shooting again", "Using again: tolerance is down."),
    (USING, "shoot*/shot up again/alone/tonight", "Shooting up again or alone."),
    (USING, "using/use alone", "Using alone: nobody there to give naloxone."),
    (
        USING,
        "cop/score/buy/get ... dope/fent*/heroin/meth/crack/smack/xans/bars",
        "Getting drugs to use.",
    ),
    (USING, "laced/cut with fent*", "Drugs cut with fentanyl."),
    (USING, "mix* ... with alcohol/booze/vodka/liquor/drink*", "Mixing pills with alcohol."),
    (
        USING,
        "pills/benzos/xanax/xans/bars and/with alcohol/booze",
        "Benzos or pills with alcohol: a deadly mix.",
    ),
    (USING, "drink*/drank myself to death", "Drinking myself to death."),
    (USING, "detox* ... alone", "Detoxing alone: alcohol and benzo withdrawal can kill."),
    (USING, "not breathing", "Someone not breathing: call 911."),
    (USING, "can't/won't wake him/her/them", "Someone who will not wake: call 911."),
    (USING, "unresponsive", "Someone unresponsive: call 911."),
    (USING, "lips/face/skin ... blue", "Lips turning blue: an overdose sign."),
    (USING, "no/without narcan/naloxone", "No naloxone at hand."),
    (USING, "don't have ... narcan/naloxone", "No naloxone at hand."),
    # Danger from others ---------------------------------------------------------------------
    (
        DANGER,
        "he/she/they hit*/beat*/punch*/kick*/chok*/slap*/strangl* me",
        "He hits me, she beat me, they choked me.",
    ),
    (
        DANGER,
        "boyfriend/girlfriend/husband/wife/partner/ex/dad/father/mom/mum/mother/stepdad/brother "
        "... hit*/beat*/punch*/kick*/chok*/slap*/strangl* me",
        "My husband hits me, my dad beats me.",
    ),
    (DANGER, "afraid/scared/terrified ... kill/hurt me", "Afraid he will kill me."),
    (DANGER, "afraid/scared/terrified ... going to kill/hurt me", "Scared she's going to hurt me."),
    (DANGER, "he'll/she'll/they'll kill me", "He'll kill me."),
    (DANGER, "threaten* ... kill/hurt/beat me", "Threatened to kill me, threatens to hurt me."),
    (DANGER, "kill/hurt me if i leave/tell/go", "He'll hurt me if I leave."),
    (DANGER, "he's/she's/they're hurting me", "He's hurting me."),
    (DANGER, "abus* me", "He abuses me, abusing me, abused me."),
    (DANGER, "being abus*", "Being abused."),
    (DANGER, "not/don't/never ... safe at/in ... home/house", "Not safe at home."),
    (DANGER, "unsafe at/in ... home/house", "Unsafe at home."),
    (DANGER, "not/don't ... safe with him/her/them", "Don't feel safe with him."),
    (DANGER, "trafficked", "Trafficked (a past mention too: worth a look)."),
    (DANGER, "traffick* me", "Trafficking me."),
    (DANGER, "sex/human traffick*", "Sex or human trafficking."),
    (DANGER, "my pimp", "Someone controlled by a pimp."),
    (DANGER, "raped", "Rape."),
    (DANGER, "rape me", "Rape."),
    (DANGER, "sexually assault*", "Sexual assault."),
    (DANGER, "molest*", "Molested, molesting."),
    (DANGER, "forc* me ... sex", "Forced me to have sex."),
    (DANGER, "won't/doesn't let me leave", "Not allowed to leave."),
    (DANGER, "locked me in", "Locked in."),
    (DANGER, "stalk* me", "Stalking me."),
    (DANGER, "gun/knife to my head/throat/neck", "A weapon held to me."),
    (DANGER, "pull*/point* a gun/knife at/on me", "A weapon pulled on me."),
    (
        DANGER,
        "afraid/scared/terrified of my husband/boyfriend/partner/wife/girlfriend/ex/dad/father/"
        "stepdad",
        "Afraid of a partner or parent.",
    ),
]
