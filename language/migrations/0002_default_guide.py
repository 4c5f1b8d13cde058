"""The default language guide: person-first terms after the public NIDA "Words Matter" guidance,
in Kinship's own words. Editors and Clinical reviewers edit it under Snippets › Language guide;
this migration only adds the terms a site does not have yet, and removing it removes only
those it added unchanged."""

from django.db import migrations

# (term, other forms, suggestion, reason, exceptions, match case)
DEFAULT_GUIDE = [
    (
        "addict",
        ["addicts"],
        "person with a substance use disorder",
        "Names a person by their illness; person-first words say they are more than it.",
        ["Sex and Love Addicts Anonymous"],
        False,
    ),
    (
        "alcoholic",
        ["alcoholics"],
        "person with an alcohol use disorder",
        "A label for a whole person; say what they have, not what they are.",
        ["Alcoholics Anonymous", "Adult Children of Alcoholics"],
        False,
    ),
    (
        "junkie",
        ["junkies", "junky"],
        "person who uses drugs",
        "A slur that keeps people from asking for help.",
        [],
        False,
    ),
    (
        "druggie",
        ["druggies"],
        "person who uses drugs",
        "A slur that keeps people from asking for help.",
        [],
        False,
    ),
    (
        "crackhead",
        [
            "crackheads",
            "crack head",
            "crack heads",
            "pothead",
            "potheads",
            "meth head",
            "meth heads",
            "tweaker",
            "tweakers",
            "dope fiend",
            "dope fiends",
            "stoner",
            "stoners",
        ],
        "person who uses drugs",
        "Street slurs reduce a person to a drug.",
        [],
        False,
    ),
    (
        "drunkard",
        ["drunkards", "a drunk", "drunks"],
        "person with an alcohol use disorder",
        "An insult, not a description.",
        [],
        False,
    ),
    (
        "abuser",
        [
            "abusers",
            "drug abuser",
            "drug abusers",
            "substance abuser",
            "substance abusers",
            "alcohol abuser",
            "alcohol abusers",
        ],
        "person with a substance use disorder",
        "“Abuser” links an illness with violence and blame.",
        [],
        False,
    ),
    (
        "substance abuse",
        ["substance-abuse"],
        "substance use (or substance use disorder, for the illness)",
        "“Abuse” suggests a choice to do wrong; research links it to harsher judgement.",
        ["Substance Abuse and Mental Health Services Administration"],
        False,
    ),
    (
        "drug abuse",
        ["drug-abuse"],
        "drug use (or substance use disorder, for the illness)",
        "“Abuse” suggests a choice to do wrong; research links it to harsher judgement.",
        ["National Institute on Drug Abuse"],
        False,
    ),
    (
        "alcohol abuse",
        ["alcohol-abuse"],
        "alcohol misuse (or alcohol use disorder, for the illness)",
        "“Abuse” suggests a choice to do wrong.",
        ["National Institute on Alcohol Abuse and Alcoholism"],
        False,
    ),
    (
        "opioid abuse",
        ["opioid-abuse", "prescription drug abuse", "painkiller abuse"],
        "opioid misuse (or opioid use disorder, for the illness)",
        "“Misuse” describes what happened without moral blame.",
        [],
        False,
    ),
    (
        "former addict",
        ["former addicts", "reformed addict", "reformed addicts", "ex-addict", "ex-addicts"],
        "person in recovery",
        "Recovery is something a person is in, not something they used to be.",
        [],
        False,
    ),
    (
        "recovering addict",
        ["recovering addicts", "recovering alcoholic", "recovering alcoholics"],
        "person in recovery (or in long-term recovery)",
        "Keeps the label while describing the recovery; lead with the person.",
        [],
        False,
    ),
    (
        "clean",
        [
            "stay clean",
            "stayed clean",
            "staying clean",
            "stays clean",
            "got clean",
            "getting clean",
            "gets clean",
            "been clean",
            "is clean",
            "was clean",
            "clean and sober",
            "clean test",
            "clean drug test",
            "clean urine",
            "clean screen",
        ],
        "testing negative, or not using drugs / in recovery",
        "Implies that a person who uses drugs is dirty.",
        [
            "clean needle",
            "clean needles",
            "clean syringe",
            "clean syringes",
            "clean slate",
            "clean water",
            "clean air",
        ],
        False,
    ),
    (
        "dirty",
        [
            "dirty test",
            "dirty drug test",
            "dirty urine",
            "dirty screen",
            "was dirty",
            "is dirty",
            "got dirty",
        ],
        "testing positive, or currently using",
        "Calls a person or a medical result dirty; say what the test showed.",
        [],
        False,
    ),
    (
        "drug habit",
        ["drug habits", "kick the habit", "kicked the habit", "kicking the habit"],
        "substance use disorder, or regular substance use",
        "“Habit” makes an illness sound like a choice that is easy to stop.",
        [],
        False,
    ),
    (
        "relapse",
        ["relapses", "relapsed", "relapsing"],
        "return to use (or resumed use)",
        "Can sound like failure; a return to use is a common, treatable part of recovery.",
        ["relapse prevention"],
        False,
    ),
    (
        "replacement therapy",
        [
            "opioid replacement therapy",
            "substitution therapy",
            "opioid substitution therapy",
            "replacement drug",
            "replacement drugs",
        ],
        "medication for opioid use disorder (MOUD)",
        "These medications treat an illness; they do not swap one drug for another.",
        [],
        False,
    ),
    (
        "medication-assisted treatment",
        ["medication assisted treatment"],
        "medication for opioid use disorder (MOUD), or treatment",
        "Medication is treatment in its own right, not an assistant to it.",
        [],
        False,
    ),
    (
        "MAT",
        [],
        "MOUD (medication for opioid use disorder)",
        "Medication is treatment in its own right, not an assistant to it.",
        [],
        True,
    ),
    (
        "born addicted",
        [
            "addicted baby",
            "addicted babies",
            "addicted newborn",
            "addicted newborns",
            "crack baby",
            "crack babies",
        ],
        "baby born with neonatal opioid withdrawal syndrome (or substance-exposed newborn)",
        "Newborns cannot have an addiction, which involves behaviour; name the condition.",
        [],
        False,
    ),
    (
        "drug user",
        [
            "drug users",
            "IV drug user",
            "IV drug users",
            "injection drug user",
            "injection drug users",
            "user of drugs",
        ],
        "person who uses drugs (or who injects drugs)",
        "Puts the drug before the person.",
        [],
        False,
    ),
    (
        "hooked on",
        ["got hooked", "get hooked"],
        "has a substance use disorder, or is dependent on",
        "Slang that makes an illness sound like weakness.",
        [],
        False,
    ),
    (
        "suffers from addiction",
        [
            "suffering from addiction",
            "suffer from addiction",
            "victim of addiction",
            "victims of addiction",
        ],
        "has a substance use disorder (or lives with addiction)",
        "Frames a person as helpless; many people describe themselves as living with it.",
        [],
        False,
    ),
]


def add_default_guide(apps, schema_editor):
    LanguageTerm = apps.get_model("language", "LanguageTerm")
    for term, forms, suggestion, reason, exceptions, match_case in DEFAULT_GUIDE:
        LanguageTerm.objects.get_or_create(
            term=term,
            defaults={
                "forms": "\n".join(forms),
                "suggestion": suggestion,
                "reason": reason,
                "exceptions": "\n".join(exceptions),
                "match_case": match_case,
            },
        )


def remove_default_guide(apps, schema_editor):
    LanguageTerm = apps.get_model("language", "LanguageTerm")
    for term, forms, suggestion, reason, _exceptions, _match_case in DEFAULT_GUIDE:
        LanguageTerm.objects.filter(
            term=term, forms="\n".join(forms), suggestion=suggestion, reason=reason
        ).delete()


class Migration(migrations.Migration):
    dependencies = [("language", "0001_initial")]

    operations = [migrations.RunPython(add_default_guide, remove_default_guide)]
