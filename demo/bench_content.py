"""Generated articles for the search benchmark (`manage.py seed_bench`).

A benchmark needs thousands of posts that look like Kinship's to the search engine: varied
titles, an intro, benefit sections and a closing call-to-action, 600 to 1,200 words, with each
topic's words concentrated in its own posts (a search for "naloxone" finds a few hundred
posts, "recovery" finds nearly all). The sentences are combinations of the phrases below, so
the articles are plausible but repetitive: benchmark data, never content for readers.

Every article is drawn from its own random generator, seeded by the run's seed and the
article's number, so article 4,000 is the same whether it is created in a run of 5,000 or
added later to a run of 100.
"""

import random
from dataclasses import dataclass

from django.utils.text import slugify

from demo.content import HELPLINE

# --- Taxonomy ------------------------------------------------------------------------------------
# The demo's four categories (demo/content.py) plus four more a real site would have.
EXTRA_CATEGORIES = [
    {
        "slug": "treatment-and-medication",
        "name": "Treatment and medication",
        "description": "Detox, medication and what treatment programmes involve.",
    },
    {
        "slug": "harm-reduction",
        "name": "Harm reduction",
        "description": "Staying safer, preventing overdose and keeping people alive.",
    },
    {
        "slug": "wellbeing",
        "name": "Everyday wellbeing",
        "description": "Sleep, food, movement and rest: the basics that hold recovery up.",
    },
    {
        "slug": "work-and-life",
        "name": "Work and everyday life",
        "description": "Jobs, money, housing and building a life you want to keep.",
    },
]

# (name, credentials, role): the pool of bylines. Invented people.
AUTHORS = [
    ("Amara Okafor", "LCSW", "Clinical Social Worker"),
    ("Ben Hartley", "CPRS", "Peer Recovery Specialist"),
    ("Carmen Alvarez", "LMFT", "Family Therapist"),
    ("David Kim", "MD", "Addiction Psychiatrist"),
    ("Esther Lindqvist", "RN, CARN", "Addictions Nurse"),
    ("Farid Haddad", "PharmD", "Clinical Pharmacist"),
    ("Grace Mwangi", "LPC", "Counselor"),
    ("Hannah Becker", "PsyD", "Clinical Psychologist"),
    ("Isaac Thompson", "CADC", "Substance Use Counselor"),
    ("Julia Novak", "MPH", "Harm Reduction Educator"),
    ("Kofi Mensah", "CPRS", "Recovery Coach"),
    ("Lucia Romano", "RD", "Registered Dietitian"),
    ("Marcus Bell", "LCSW, CADC", "Outpatient Programme Lead"),
    ("Nadia Rahman", "MD, FASAM", "Addiction Medicine Physician"),
    ("Owen Fitzgerald", "MSW", "Employment Specialist"),
    ("Paula Jensen", "LMHC", "Mental Health Counselor"),
    ("Quentin Moreau", "CPT", "Fitness Coach in Recovery"),
    ("Rosa Delgado", "LCSW", "Trauma Therapist"),
    ("Simon Achebe", "PhD", "Sleep Researcher"),
    ("Tara Whitfield", "", "Parent Advocate"),
]


@dataclass(frozen=True)
class Topic:
    name: str  # as it reads inside a sentence
    title: str  # as it reads in a title
    category: str  # category slug
    tags: tuple[str, ...]
    practices: tuple[str, ...]  # gerund phrases: "writing down your warning signs"
    benefits: tuple[str, ...]  # benefit section headings
    facts: tuple[str, ...]  # whole sentences only this topic's articles contain


TOPICS = [
    Topic(
        "relapse prevention",
        "Relapse Prevention",
        "relapse-prevention",
        ("relapse prevention", "warning signs", "coping skills"),
        (
            "writing down your early warning signs",
            "keeping a list of people to call when a craving hits",
            "planning ahead for birthdays, holidays and paydays",
            "noticing when old routines creep back in",
            "reviewing your relapse prevention plan with a counselor",
        ),
        (
            "Spotting warning signs early",
            "A plan for high-risk situations",
            "Turning a lapse into learning",
            "Protecting your routine",
            "Knowing who to call",
            "Building confidence one day at a time",
        ),
        (
            "Relapse is usually a process that starts weeks before any drink or drug.",
            "Emotional relapse, mental relapse and physical relapse are three stages many "
            "clinicians describe.",
            "A written relapse prevention plan is easier to follow on a hard day than a plan "
            "you keep in your head.",
        ),
    ),
    Topic(
        "peer support",
        "Peer Support",
        "peer-support",
        ("peer support", "community", "first steps"),
        (
            "going to a peer support meeting every week",
            "sharing a small win with someone who understands",
            "asking a peer mentor how they handled the first month",
            "swapping phone numbers after a meeting",
            "listening without having to speak",
        ),
        (
            "A sense of belonging",
            "Shared experiences",
            "Hope you can see",
            "Practical knowledge from people who have been there",
            "Giving back",
            "Less shame, more honesty",
        ),
        (
            "Certified peer recovery specialists use their own lived experience to support others.",
            "Peer support groups are free in most communities and many now meet online.",
            "Hearing someone a few months further along is often the moment recovery starts "
            "to feel possible.",
        ),
    ),
    Topic(
        "group therapy",
        "Group Therapy",
        "peer-support",
        ("group therapy", "therapy", "peer support"),
        (
            "practising a difficult conversation through role-play",
            "giving and receiving honest feedback",
            "working through a skills worksheet together",
            "setting one goal to report back on next session",
            "noticing patterns that other members point out",
        ),
        (
            "Learning from each other",
            "A safe place to practise",
            "Feedback you can trust",
            "Structure for the week",
            "Skills you can use at once",
        ),
        (
            "A therapist usually leads group therapy, while peer groups are led by members.",
            "Most group therapy sessions run for sixty to ninety minutes with six to twelve "
            "members.",
            "What is said in group therapy stays in the room: confidentiality is agreed at "
            "the first session.",
        ),
    ),
    Topic(
        "naloxone",
        "Naloxone",
        "harm-reduction",
        ("naloxone", "overdose", "harm reduction", "opioids"),
        (
            "carrying naloxone in your bag or car",
            "showing a friend where the naloxone is kept",
            "learning the signs of an opioid overdose",
            "checking the expiry date on your naloxone kit",
            "calling emergency services after giving naloxone",
        ),
        (
            "It reverses an opioid overdose",
            "Anyone can learn to use it",
            "It is safe to give",
            "It buys time until help arrives",
            "Carrying it is an act of care",
        ),
        (
            "Naloxone nasal spray is available without a prescription in many places.",
            "Naloxone works for a short time, so a person can slip back into overdose once "
            "it wears off.",
            "Naloxone has no effect on someone who has not taken opioids, so it is safe to "
            "give when in doubt.",
        ),
    ),
    Topic(
        "sleep",
        "Sleep",
        "wellbeing",
        ("sleep", "self-care", "insomnia"),
        (
            "going to bed and getting up at the same time",
            "keeping screens out of the bedroom",
            "cutting caffeine after lunch",
            "writing tomorrow's worries down before bed",
            "getting daylight in the first hour after waking",
        ),
        (
            "Better mood in the morning",
            "Fewer cravings at night",
            "A calmer body",
            "Clearer thinking",
            "Energy for the day",
        ),
        (
            "Sleep problems are common for months after stopping alcohol or other drugs.",
            "Cognitive behavioural therapy for insomnia helps many people without sleeping pills.",
            "Poor sleep makes cravings stronger and patience shorter, so it is worth treating.",
        ),
    ),
    Topic(
        "family support",
        "Family Support",
        "family-and-relationships",
        ("family", "relationships", "communication"),
        (
            "agreeing one daily check-in instead of constant questions",
            "joining a family group of your own",
            "talking about feelings without blame",
            "planning family events that do not centre on alcohol",
            "celebrating milestones together",
        ),
        (
            "Rebuilding trust",
            "Clearer communication",
            "Support for the whole family",
            "Healthier home routines",
            "Room for everyone's feelings",
        ),
        (
            "Family members often need support of their own, not only the person in recovery.",
            "Approaches such as CRAFT teach families to encourage treatment without confrontation.",
            "Children do better when adults explain addiction honestly, in words that fit "
            "their age.",
        ),
    ),
    Topic(
        "detox",
        "Detox",
        "treatment-and-medication",
        ("detox", "withdrawal", "treatment"),
        (
            "asking a doctor before stopping alcohol or benzodiazepines",
            "arranging a medically supervised detox",
            "planning what happens the week after detox",
            "packing comfortable clothes and phone numbers",
            "telling one trusted person where you will be",
        ),
        (
            "Safety first",
            "Managing withdrawal symptoms",
            "A bridge into treatment",
            "Rest and recovery for the body",
            "Planning the next step",
        ),
        (
            "Stopping alcohol suddenly after heavy use can be dangerous, so detox should be "
            "medically supervised.",
            "Detox is the start of treatment, not the whole of it.",
            "Withdrawal symptoms usually peak within a few days and ease over one to two weeks.",
        ),
    ),
    Topic(
        "mindfulness",
        "Mindfulness",
        "mental-health",
        ("mindfulness", "meditation", "stress"),
        (
            "taking three slow breaths before answering a text",
            "noticing a craving without acting on it",
            "doing a five-minute body scan before sleep",
            "walking slowly and paying attention to each step",
            "naming feelings as they arrive",
        ),
        (
            "Riding out cravings",
            "A calmer mind",
            "Noticing triggers sooner",
            "Kindness towards yourself",
            "Staying in the present",
        ),
        (
            "Mindfulness-based relapse prevention combines meditation with coping skills training.",
            "Urge surfing means watching a craving rise, peak and fall like a wave.",
            "Even a few minutes of mindfulness practice a day can lower stress.",
        ),
    ),
    Topic(
        "employment",
        "Returning to Work",
        "work-and-life",
        ("employment", "work", "routine"),
        (
            "updating your CV with help from an employment specialist",
            "deciding what, if anything, to tell an employer",
            "starting with part-time or voluntary work",
            "planning how to handle after-work drinks",
            "keeping appointments in your calendar alongside shifts",
        ),
        (
            "Structure and purpose",
            "Financial stability",
            "New relationships",
            "Confidence and self-respect",
            "A future to protect",
        ),
        (
            "Stable employment is one of the strongest predictors of lasting recovery.",
            "In many countries people in recovery are protected from some kinds of "
            "workplace discrimination.",
            "Supported employment programmes place people in jobs first and train them on the job.",
        ),
    ),
    Topic(
        "medication for opioid use disorder",
        "Medication for Opioid Use Disorder",
        "treatment-and-medication",
        ("medication", "buprenorphine", "methadone", "opioids"),
        (
            "asking your doctor about buprenorphine or methadone",
            "taking medication at the same time every day",
            "keeping medication locked away from children",
            "telling your prescriber about every other medicine you take",
            "planning any dose reduction slowly and together",
        ),
        (
            "Fewer cravings and less withdrawal",
            "Lower risk of overdose",
            "Room to rebuild",
            "Treatment that respects choice",
            "Medication and support together",
        ),
        (
            "Buprenorphine and methadone reduce the risk of dying from an overdose.",
            "Taking prescribed medication for opioid use disorder is recovery, not "
            "replacing one drug with another.",
            "Naltrexone is a third option for people who have fully completed withdrawal.",
        ),
    ),
    Topic(
        "cravings",
        "Cravings",
        "relapse-prevention",
        ("cravings", "coping skills", "triggers"),
        (
            "waiting twenty minutes before deciding anything",
            "calling someone while the craving passes",
            "changing the room you are in",
            "drinking a glass of water and eating something",
            "saying out loud what you are feeling",
        ),
        (
            "Cravings pass",
            "Knowing your triggers",
            "Distraction that works",
            "Less guilt, more curiosity",
            "Support in the moment",
        ),
        (
            "Most cravings rise and fall within about twenty to thirty minutes.",
            "Cravings often fade in strength and frequency the longer a person stays in recovery.",
            "Hunger, anger, loneliness and tiredness are common triggers for cravings.",
        ),
    ),
    Topic(
        "exercise",
        "Exercise",
        "wellbeing",
        ("exercise", "self-care", "movement"),
        (
            "walking for ten minutes after dinner",
            "joining a recovery running club",
            "stretching gently when you wake up",
            "cycling to appointments instead of driving",
            "dancing to a favourite song in the kitchen",
        ),
        (
            "A lift in mood",
            "Stress relief",
            "Better sleep",
            "Healthy company",
            "Filling the empty hours",
        ),
        (
            "Adults are advised to aim for about 150 minutes of moderate activity a week.",
            "Regular exercise can ease anxiety and low mood, which often travel with "
            "substance use.",
            "Exercise is a helpful partner to treatment, not a replacement for it.",
        ),
    ),
    Topic(
        "nutrition",
        "Nutrition",
        "wellbeing",
        ("nutrition", "self-care", "food"),
        (
            "eating breakfast even when you are not hungry",
            "keeping simple snacks in your bag",
            "cooking one new recipe a week",
            "drinking water through the day",
            "asking your doctor about vitamin B1 after heavy drinking",
        ),
        (
            "Steadier energy",
            "Healing the body",
            "A routine around meals",
            "Fewer mood swings",
            "Cooking as self-care",
        ),
        (
            "Heavy drinking can leave people short of thiamine, folate and other nutrients.",
            "Low blood sugar can feel like a craving, so regular meals help.",
            "A registered dietitian can build an eating plan around your treatment.",
        ),
    ),
    Topic(
        "anxiety",
        "Anxiety",
        "mental-health",
        ("anxiety", "mental health", "co-occurring disorders"),
        (
            "practising slow breathing when your heart races",
            "writing worries down and setting them aside",
            "talking to your doctor about anxiety treatment",
            "cutting down on caffeine",
            "facing a feared situation in small steps",
        ),
        (
            "Treating both conditions together",
            "Calming the body",
            "Understanding panic",
            "Safer ways to cope",
            "Getting your confidence back",
        ),
        (
            "Anxiety disorders and substance use disorders often occur together.",
            "Alcohol can ease anxiety for an hour and worsen it for days afterwards.",
            "Cognitive behavioural therapy is one of the best-studied treatments for anxiety.",
        ),
    ),
    Topic(
        "depression",
        "Depression",
        "mental-health",
        ("depression", "mental health", "co-occurring disorders"),
        (
            "planning one small pleasant activity every day",
            "telling your counselor how your mood has been",
            "keeping regular sleep and meal times",
            "reaching out to one person even when you do not feel like it",
            "asking about treatment for depression alongside recovery",
        ),
        (
            "Treating mood and recovery together",
            "Small steps out of low mood",
            "Reconnecting with people",
            "Recognising the signs",
            "Hope that grows",
        ),
        (
            "Depression is common in early recovery and usually responds to treatment.",
            "Some low mood after stopping alcohol lifts within weeks, but lasting depression "
            "needs its own care.",
            "Behavioural activation helps people rebuild a life by scheduling small, "
            "rewarding activities.",
        ),
    ),
    Topic(
        "sponsorship",
        "Sponsorship",
        "peer-support",
        ("sponsorship", "mentoring", "peer support"),
        (
            "asking someone with more time in recovery to be your sponsor",
            "calling your sponsor before a difficult event",
            "working through steps or goals together",
            "being honest with your mentor about a lapse",
            "one day sponsoring someone newer yourself",
        ),
        (
            "A first call on hard days",
            "Guidance from experience",
            "Accountability without judgement",
            "A relationship that grows",
            "Passing it on",
        ),
        (
            "A sponsor is a peer, not a therapist, and offers experience rather than treatment.",
            "Many groups suggest choosing a sponsor of the same gender, though customs vary.",
            "Recovery coaches offer mentoring outside twelve-step programmes.",
        ),
    ),
    Topic(
        "recovery housing",
        "Recovery Housing",
        "work-and-life",
        ("recovery housing", "sober living", "housing"),
        (
            "visiting a recovery residence before you move in",
            "agreeing house rules with your housemates",
            "sharing chores and house meetings",
            "saving for your next home while you live there",
            "asking whether the house is certified",
        ),
        (
            "A safe place to live",
            "Housemates who understand",
            "Structure and accountability",
            "Time to rebuild",
            "A step towards independence",
        ),
        (
            "Recovery residences range from peer-run homes to houses with clinical staff.",
            "Stable housing makes every other part of recovery easier.",
            "Good recovery housing follows published quality standards and welcomes questions.",
        ),
    ),
    Topic(
        "harm reduction",
        "Harm Reduction",
        "harm-reduction",
        ("harm reduction", "overdose", "safety"),
        (
            "never using alone",
            "testing drugs with fentanyl test strips",
            "using sterile equipment every time",
            "keeping naloxone close by",
            "staying in touch with outreach workers",
        ),
        (
            "Keeping people alive",
            "Meeting people where they are",
            "A door into treatment",
            "Less stigma",
            "Safer choices today",
        ),
        (
            "Harm reduction services are linked with fewer overdose deaths and infections.",
            "Fentanyl test strips can detect fentanyl in many drugs before they are used.",
            "Syringe services programmes do not increase drug use and often connect people "
            "to care.",
        ),
    ),
    Topic(
        "boundaries",
        "Healthy Boundaries",
        "family-and-relationships",
        ("boundaries", "relationships", "self-care"),
        (
            "saying no without a long explanation",
            "deciding in advance what you will and will not do",
            "leaving an event when it stops feeling safe",
            "not covering for someone else's drinking",
            "making time for your own needs",
        ),
        (
            "Protecting your recovery",
            "Kinder relationships",
            "Less resentment",
            "Clear expectations",
            "Room to look after yourself",
        ),
        (
            "A boundary describes what you will do, not what someone else must do.",
            "Boundaries often feel uncomfortable at first, for everyone involved.",
            "Family therapists help households agree boundaries that everyone can keep.",
        ),
    ),
    Topic(
        "parenting in recovery",
        "Parenting in Recovery",
        "family-and-relationships",
        ("parenting", "family", "children"),
        (
            "keeping bedtime and school routines steady",
            "explaining recovery to children in simple words",
            "asking for childcare so you can attend appointments",
            "spending ten minutes of undivided time with each child",
            "forgiving yourself for the past while you change the present",
        ),
        (
            "Stability for children",
            "Repairing relationships",
            "Support for parents",
            "Honest conversations",
            "Breaking the cycle",
        ),
        (
            "Children benefit when a parent's recovery brings predictable routines.",
            "Many treatment programmes offer childcare or family sessions for parents.",
            "Children often blame themselves for a parent's drinking unless an adult tells "
            "them otherwise.",
        ),
    ),
    Topic(
        "trauma-informed care",
        "Trauma-Informed Care",
        "mental-health",
        ("trauma", "mental health", "therapy"),
        (
            "asking a therapist whether they offer trauma-focused therapy",
            "learning grounding skills for flashbacks",
            "choosing what you share and when",
            "noticing what helps your body feel safe",
            "going at a pace that feels manageable",
        ),
        (
            "Feeling safe in treatment",
            "Understanding the link with substance use",
            "Choice and control",
            "Healing at your own pace",
            "Skills for difficult memories",
        ),
        (
            "Many people with substance use disorders have lived through trauma.",
            "Trauma-informed services ask what happened to you, not what is wrong with you.",
            "Therapies such as EMDR and trauma-focused CBT can be combined with recovery support.",
        ),
    ),
    Topic(
        "stress management",
        "Stress Management",
        "wellbeing",
        ("stress", "coping skills", "self-care"),
        (
            "breaking a big task into small steps",
            "taking a short walk when tension builds",
            "planning rest into every week",
            "talking a problem through before it grows",
            "noticing where stress shows up in your body",
        ),
        (
            "Fewer triggers",
            "A steadier week",
            "Better decisions",
            "Rest without guilt",
            "Tools for tough days",
        ),
        (
            "Stress is one of the most common triggers for relapse.",
            "Progressive muscle relaxation can lower physical tension in minutes.",
            "Problem-solving skills turn a vague worry into a list of next steps.",
        ),
    ),
    Topic(
        "aftercare planning",
        "Aftercare Planning",
        "relapse-prevention",
        ("aftercare", "treatment", "relapse prevention"),
        (
            "booking your first outpatient appointment before you leave treatment",
            "choosing a peer group near your home",
            "setting up regular check-ins with a counselor",
            "planning your first month day by day",
            "telling your support network when you are home",
        ),
        (
            "Keeping momentum after treatment",
            "Support close to home",
            "A plan for the first weeks",
            "Continuing care",
            "Staying connected",
        ),
        (
            "The weeks after leaving residential treatment carry a higher risk of relapse.",
            "Aftercare can include outpatient therapy, peer groups and recovery coaching.",
            "A good aftercare plan is written before discharge and shared with the person's "
            "support network.",
        ),
    ),
    Topic(
        "financial recovery",
        "Money in Recovery",
        "work-and-life",
        ("money", "budgeting", "debt"),
        (
            "writing down where your money goes for one month",
            "asking a debt adviser for a free appointment",
            "setting up automatic payments for rent and bills",
            "limiting cash on days that feel risky",
            "saving a small amount every week",
        ),
        (
            "Less money stress",
            "A plan for debt",
            "Protecting your recovery",
            "Small savings, big confidence",
            "Rebuilding trust with money",
        ),
        (
            "Money worries are a common source of stress early in recovery.",
            "Free debt advice services can negotiate affordable repayment plans.",
            "Some people ask a trusted person to help manage money for the first months.",
        ),
    ),
]

AUDIENCES = [
    # (in a title, in a sentence)
    ("Parents", "parents"),
    ("Veterans", "veterans"),
    ("Young Adults", "young adults"),
    ("Older Adults", "older adults"),
    ("Families", "families"),
    ("People in Early Recovery", "people in early recovery"),
    ("Partners", "partners of people in recovery"),
    ("Healthcare Workers", "healthcare workers"),
    ("Students", "students"),
    ("New Parents", "new parents"),
    ("LGBTQ+ People", "LGBTQ+ people"),
    ("Shift Workers", "people who work shifts"),
    ("Rural Communities", "people in rural communities"),
    ("Women", "women"),
    ("Men", "men"),
]

SITUATIONS = [
    "After Detox",
    "in the First 90 Days",
    "During the Holidays",
    "After a Relapse",
    "When You Live Alone",
    "When Money Is Tight",
    "in Long-Term Recovery",
    "on Hard Days",
    "After Leaving Treatment",
    "While Working Full Time",
    "in Your First Year",
    "When Stress Builds",
]

# Every title has three or more free slots, so 5,000 draws rarely repeat one.
TITLES = [
    "{Topic} {Situation}: A Practical Guide for {Audience}",
    "{n} Ways {Topic} Helps {Audience} {Situation}",
    "What {Audience} Can Expect from {Topic} {Situation}",
    "How {Topic} Helps {Audience} {Situation}",
    "Getting Started with {Topic} {Situation}: Advice for {Audience}",
    "{Topic} and {Topic2}: What {Audience} Should Know",
    "Questions {Audience} Ask About {Topic} {Situation}",
    "{Topic} {Situation}: Myths and Facts for {Audience}",
    "The Power of {Topic} for {Audience}: {Benefit}",
    "Talking About {Topic} with {Audience} {Situation}",
    "{n} Things {Audience} Wish They Knew About {Topic}",
    "{Benefit}: What {Topic} Offers {Audience} {Situation}",
    "A Clinician's View of {Topic} for {Audience} {Situation}",
    "Why {Topic} Matters for {Audience} {Situation}",
    "{Topic} {Situation}: Stories from {Audience}",
    "{Topic} {Situation}: A Checklist for {Audience}",
]

INTRO_OPENERS = [
    "Recovery rarely follows a straight line, and {topic} is one of the things that can make "
    "the path steadier.",
    "Many {audience} tell us that {topic} was the part of recovery they understood least at first.",
    "If you are wondering whether {topic} could help you, you are not alone.",
    "Ask a room of people in recovery what made a difference and {topic} comes up again and again.",
    "{Topic} can sound like one more thing to manage, but it often makes the rest easier.",
    "For {audience}, {topic} brings its own questions, and they deserve honest answers.",
]

INTRO_CLOSERS = [
    "Below we look at {count} ways {topic} can help, and how to take a first step this week.",
    "This article walks through {count} benefits of {topic} and what to expect.",
    "Here are {count} things {topic} can offer, written with our clinical team.",
]

SENTENCES = [
    "For {audience}, {practice} can be a realistic place to start.",
    "Many people find that {practice} makes the hardest days a little lighter.",
    "{Practice} is not a cure, but it is a practical tool you can use today.",
    "A counselor can help you decide whether {practice} fits your situation.",
    "Small, repeated steps such as {practice} tend to matter more than big promises.",
    "It is normal to feel unsure at first, and nobody expects you to get it right straight away.",
    "Recovery looks different for everyone, so adapt these ideas to your own life.",
    "{audience_cap} often describe {topic} as something that grew in importance over time.",
    "Progress is rarely even: a good week can follow a hard one, and both are part of recovery.",
    "If something does not work for you, that is useful information rather than a failure.",
    "Talk with your care team before making changes to medication or treatment.",
    "People around you may notice changes before you do, so their feedback is worth hearing.",
    "Some people keep a short journal to see how {topic} affects their mood and sleep.",
    "You do not have to do this alone: support from others makes each step easier.",
    "Over weeks and months, {practice} can become part of an ordinary routine.",
    "Try {practice} for two weeks, then look back at what changed.",
    "It helps to be specific: decide when, where and with whom you will start.",
    "Be patient with yourself, because new habits take time to settle.",
    "Your treatment team can connect you with services that support {topic}.",
    "Setbacks happen, and returning to the plan quickly matters more than a perfect record.",
    "Cravings, stress and tiredness all make change harder, so plan for them.",
    "Asking for help is a skill, and like any skill it gets easier with practice.",
    "What worked for someone else is worth trying, but your own experience is the best guide.",
    "Many recovery communities offer free sessions on {topic} for {audience}.",
]

QUOTES = [
    "I didn't believe {topic} would make any difference. Six months on, I can't imagine "
    "my week without it.",
    "The first step was the hardest. After that, {practice} just became something I do.",
    "Nobody told me {topic} would help my family too. It did.",
    "On the bad days, {practice} was the one thing I could still manage.",
]

CALLOUTS = [
    (
        "info",
        "A note on safety",
        "If you take medication, ask your prescriber before you change anything about {topic}.",
    ),
    (
        "support",
        "You are not alone",
        "Support for {topic} is available, and asking for it is a sign of strength.",
    ),
    (
        "warning",
        "When to get urgent help",
        "If you or someone near you might be in danger, call your local emergency number now.",
    ),
]

CALLS_TO_ACTION = [
    (
        "Talk to someone today",
        "The SAMHSA National Helpline is free, confidential and open around the clock.",
        f"Call {HELPLINE}",
        {"phone": HELPLINE},
    ),
    (
        "Find treatment near you",
        "Search for treatment providers and support services in your area.",
        "Find treatment",
        {"url": "https://findtreatment.gov/"},
    ),
    (
        "Ask our team a question",
        "Our clinical team answers questions about {topic} by email within two working days.",
        "Email our team",
        {"email": "support@example.org"},
    ),
]

ICONS = ["people", "chat", "heart", "network", "tools", "sunrise"]
ANCHOR_DAYS = 5 * 365  # published over the last five years


@dataclass
class Article:
    number: int
    title: str
    slug: str
    summary: str
    body: list  # (block_type, value) pairs for ArticleStreamBlock.normalize()
    author_names: list[str]
    categories: list[str]  # slugs
    tags: list[str]
    published_days_ago: int
    updated_days_ago: int | None = None


def _capitalised(text):
    return text[0].upper() + text[1:]


class _Writer:
    """Writes one article about one topic for one audience, drawing from one generator."""

    def __init__(self, rng, topic, audience):
        self.rng, self.topic, self.audience = rng, topic, audience
        # Each fact once before any repeats, as a writer would use them.
        self.facts = rng.sample(topic.facts, len(topic.facts))

    def fact(self):
        self.facts.append(fact := self.facts.pop(0))
        return fact

    def fill(self, template):
        practice = self.rng.choice(self.topic.practices)
        return template.format(
            topic=self.topic.name,
            Topic=_capitalised(self.topic.name),
            audience=self.audience[1],
            audience_cap=_capitalised(self.audience[1]),
            practice=practice,
            Practice=_capitalised(practice),
        )

    def paragraph(self):
        rng = self.rng
        sentences = [self.fill(t) for t in rng.sample(SENTENCES, rng.randint(3, 4))]
        if rng.random() < 0.6:
            sentences.insert(rng.randrange(len(sentences) + 1), self.fact())
        return "<p>" + " ".join(sentences) + "</p>"

    def title(self):
        rng, topic = self.rng, self.topic
        return rng.choice(TITLES).format(
            Topic=topic.title,
            Topic2=rng.choice([t for t in TOPICS if t is not topic]).title,
            Audience=self.audience[0],
            Situation=rng.choice(SITUATIONS),
            Benefit=rng.choice(topic.benefits),
            n=rng.randint(3, 7),
        )

    def body(self, headings):
        rng = self.rng
        opener = self.fill(rng.choice(INTRO_OPENERS))
        closer = rng.choice(INTRO_CLOSERS).format(count=len(headings), topic=self.topic.name)
        second = self.paragraph().removesuffix("</p>")
        body = [("intro", f"<p>{opener} {self.fact()}</p>{second} {closer}</p>")]
        for position, heading in enumerate(headings):
            parts = [self.paragraph() for _ in range(rng.randint(2, 3))]
            if rng.random() < 0.3:
                items = rng.sample(self.topic.practices, 3)
                parts.append(
                    "<ul>" + "".join(f"<li>{_capitalised(i)}</li>" for i in items) + "</ul>"
                )
            icon = ICONS[position % len(ICONS)]
            body.append(
                ("benefit_section", {"heading": heading, "icon": icon, "body": "".join(parts)})
            )
            if position == 1 and rng.random() < 0.5:
                quote = self.fill(rng.choice(QUOTES))
                attribution = "A Kinship reader (a composite of several stories)"
                body.append(("quote", {"quote": quote, "attribution": attribution}))
            if position == 2 and rng.random() < 0.4:
                tone, title, text = rng.choice(CALLOUTS)
                body.append(
                    ("callout", {"tone": tone, "title": title, "text": f"<p>{self.fill(text)}</p>"})
                )
        heading, text, label, target = rng.choice(CALLS_TO_ACTION)
        cta = {"heading": heading, "text": f"<p>{self.fill(text)}</p>", "button_label": label}
        body.append(("call_to_action", {**cta, **target}))
        return body

    def summary(self, headings):
        first, second = (h[0].lower() + h[1:] for h in headings[:2])
        return (
            f"What {self.audience[1]} should know about {self.topic.name}: {first}, {second} "
            "and a first step to take this week."
        )


def articles(seed, count):
    """The first `count` articles of the run seeded with `seed`, in order.

    Slugs are unique within a run: a title drawn twice gets "-2", "-3"... in article order,
    so the slugs of articles 1..n never depend on how many more follow.
    """
    taken = {}
    for number in range(1, count + 1):
        rng = random.Random(f"kinship-bench:{seed}:{number}")
        topic = rng.choice(TOPICS)
        writer = _Writer(rng, topic, rng.choice(AUDIENCES))
        title = writer.title()
        base = slugify(title)
        taken[base] = taken.get(base, 0) + 1
        headings = rng.sample(topic.benefits, rng.randint(4, 5))
        other = rng.choice(TOPICS)
        published = rng.randint(2, ANCHOR_DAYS)
        yield Article(
            number=number,
            title=title,
            slug=base if taken[base] == 1 else f"{base}-{taken[base]}",
            summary=writer.summary(headings),
            body=writer.body(headings),
            author_names=[name for name, _, _ in rng.sample(AUTHORS, rng.choice((1, 1, 1, 2)))],
            categories=list(dict.fromkeys((topic.category, other.category)[: rng.choice((1, 2))])),
            tags=rng.sample(topic.tags, rng.randint(2, len(topic.tags))),
            published_days_ago=published,
            updated_days_ago=rng.randint(1, published - 1) if rng.random() < 0.2 else None,
        )
