/*
 * The forms a listed name is written in: from each watchlist name the
 * variants the matcher (matcher.c) looks for, each with a method and a
 * score, and the word tables that decide them (legal forms, common words,
 * function words, proper names, vessel words).
 *
 * Each watchlist name yields variants, each with a method and a score:
 *   the listed name (exact 1.0), the name without legal forms at either end
 *   (exact 0.95), strong aliases (alias 0.95, 0.90 without legal form), weak
 *   aliases (weak-alias 0.60), for persons written "SURNAME, Given Names"
 *   also "Given Names Surname" (reordered 0.95), "First Surname" and
 *   "Surname, First" (reordered 0.90) and the surname alone (surname 0.50,
 *   below the default min_score); country names (exact 1.0), aliases (alias
 *   0.95) and adjectives (adjective 0.90).
 * A hit through Cyrillic text scores 0.05 less and says "transliterated"; a
 * hit through the skeleton alone scores 0.08 less and says "fuzzy" (or
 * "transliterated").  Weak-alias and surname hits keep their method.
 *
 * False alerts are kept rare by what is not a variant: a legal form alone
 * never matches; a name stripped of its legal form must keep two tokens, or
 * one of at least five letters that is not a common word ("PROGRESS",
 * "STAR"); a one-token entity name that is short or a common word scores
 * 0.50; a one-token name shorter than six letters matches only exactly, not
 * by its skeleton.  A name that normalizes to nothing, or to legal forms
 * only, is reported with log_warnx and left out.
 *
 */
#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"
#include "core/matcher-int.h"

/* Score penalties and caps, per mille. */

/* Legal forms, removed from either end of a name. */
static const char *const names_legal_forms[] = {
	"limited liability company", "joint stock company",
	"closed joint stock company", "open joint stock company",
	"public joint stock company", "private joint stock company",
	"limited liability partnership", "public limited company",
	"obshchestvo s ogranichennoy otvetstvennostyu",
	"aktsionernoe obshchestvo", "zakrytoe aktsionernoe obshchestvo",
	"otkrytoe aktsionernoe obshchestvo",
	"publichnoe aktsionernoe obshchestvo", "limited company", "llc", "ooo",
	"osoo", "zao", "oao", "pao", "ao", "jsc", "cjsc", "ojsc", "pjsc", "ltd",
	"limited", "gmbh", "inc", "incorporated", "corp", "co", "llp", "plc",
	"tov", "too", "ag", "sa", "srl", "bv", "nv", "fze", "fzco", "fzc",
	"dmcc", "pte", "pvt", "sdn bhd", "bhd", "kft", "sro", "doo", "ad",
	"ip", "chp", "tdv", "mchj", "ook",
	/* Written with dots, a word a letter ("S.A. DE C.V.", "P.J.S."). */
	"s a", "s a de c v", "s de r l de c v", "s de r l", "s a p i de c v",
	"s c de r l de c v", "s p r de r l", "s p r de r l de c v",
	"s de p r de r l de c v", "s p r de r i", "sa de cv", "c a", "s c",
	"a c", "a s", "s r o", "s r l", "s a s", "s p a", "b v", "n v",
	"p j s", "p j s c", "j s c", "l l c", "l t d",
	"sociedad anonima", "sociedad anonima de capital variable",
	"sociedad civil", "asociacion civil", "sprl", "fgup",
	/* A state firm's status before its name ("STATE CORPORATION ROSTEC"). */
	"state corporation", "federal state unitary enterprise",
	/*
	 * Turkish: the company and the trade it is registered for, which
	 * the press leaves out ("BOSPHORUS GATE DIS TICARET LIMITED SIRKETI"
	 * is "Bosphorus Gate"), each form stripped in turn from the end.
	 */
	"limited sirketi", "anonim sirketi", "ltd sti", "ticaret",
	"dis ticaret", "ic ve dis ticaret", "sanayi", "sanayi ve ticaret",
	"ticaret ve sanayi", "ithalat ihracat", "ithalat ve ihracat",
	"ihracat ve dis ticaret", "ithalat ihracat ve dis ticaret",
	"pazarlama",
};

/*
 * Words of kind a firm's name is often written without ("OJE PARVAZ MADO
 * NAFAR COMPANY", "AL-QARD AL-HASSAN ASSOCIATION"), left out where two
 * words at least remain that are not everyday words ("MIRZA COMPANY" is no
 * "Mirza", "NATIONAL INSURANCE COMPANY" no "National Insurance").  Not
 * "Foundation" or "Organization", which follow a person's name ("USAMA BIN
 * LADEN ORGANIZATION" is no Usama bin Laden).
 */
static const char *const names_heads[] = { "company", "association" };

/*
 * The same words where a name starts with them, as Spanish and Russian
 * names do ("EMPRESA CUBANA DE AVIACION" is "Cubana de Aviacion",
 * "KOMPANIYA GAZ-ALYANS" "Gaz-Alyans"), left out where two words at least
 * remain that are not everyday words, the first no function word
 * ("EMPRESA DE TURISMO ..." keeps it).  Not "Grupo" or "Banco", which the
 * press keeps ("Grupo Falcon", "Banco Nacional de Cuba").
 */
static const char *const names_kinds_first[] = {
	"empresa", "compania", "kompaniya", "sociedad", "firma",
};

/*
 * A firm's words as business news writes them short, each long form with
 * its short one: the newswire ("National Iranian Oil Co", "Korea Mining
 * Development Trading Corp") and the conformed names of company registers
 * write the kind of firm short in running text, the first NAMES_KINDS;
 * headlines and tables write the others short too ("KOREA NATL INSURANCE
 * CORP", "COMPUTER ASSOCIATES INTL").  A list that writes the short form
 * is matched by the long one alike, but for a legal form ("CO", "LTD"):
 * the name without it is a form already (names_add_part).  The last,
 * from NAMES_ABBR_ONEWAY on, a list writes short and the press long
 * ("KOREAN POLISH SHPG CO LTD", "Korean-Polish Shipping Co"), never the
 * other way: a long one is given no short form (a million names, a
 * twelfth of their firms shipping ones, would take 4.6 MB more).
 */
static const char *const names_abbrevs[][2] = {
	{ "company", "co" }, { "corporation", "corp" }, { "brothers", "bros" },
	{ "international", "intl" }, { "national", "natl" },
	{ "american", "amer" }, { "financial", "finl" },
	{ "manufacturing", "mfg" }, { "industries", "inds" },
	{ "holdings", "hldgs" }, { "services", "svcs" },
	{ "management", "mgmt" }, { "association", "assn" },
	{ "department", "dept" }, { "government", "govt" },
	{ "television", "tv" },
	{ "shipping", "shpg" },
};
#define NAMES_ABBR_ONEWAY	(nitems(names_abbrevs) - 1)
#define NAMES_KINDS	3

/*
 * The last word of a group's name, which the press writes in the plural
 * or the singular whichever the list writes: "Tamil Tiger rebels" of
 * TAMIL TIGERS, "al-Aqsa Martyrs Brigades" of AL-AQSA MARTYRS BRIGADE.
 */
static const char *const names_plurals[][2] = {
	{ "tigers", "tiger" }, { "brigades", "brigade" },
	{ "battalions", "battalion" }, { "squads", "squad" },
};

/*
 * The last word of a listed organisation's name, and what the press calls
 * it instead: "the Abu Nidal group" of ABU NIDAL ORGANISATION, "the
 * Beltran Leyva cartel" of BELTRAN LEYVA ORGANIZATION.
 */
static const char *const names_bodies[] = {
	"organization", "organisation", "group", "cartel",
};
#define NAMES_BODY_ENDS	2	/* the first, what a name may end with */

/*
 * Words of names_abbrevs that the newswire also writes short with an
 * apostrophe, in headlines above all ("NAT'L IRANIAN OIL CO", "INT'L
 * PETROLEUM"): the text's tokens are cut there, "nat" and "l".
 */
static const char *const names_apos_forms[][2] = {
	{ "national", "nat'l" }, { "international", "int'l" },
	{ "government", "gov't" }, { "department", "dep't" },
	{ "association", "ass'n" },
};

/* Common words: a name reduced to one of them alone needs more. */
static const char *const names_common_words[] = {
	"the", "and", "for", "with", "from", "into", "about", "after", "their",
	"there", "these", "those", "which", "while", "where", "other", "under",
	"over", "between", "against", "during", "without", "before", "again",
	"would", "could", "should", "being", "first", "second", "third",
	"world", "people", "state", "states", "group", "groups", "global",
	"international", "national", "general", "central", "united", "union",
	"company", "companies", "holding", "holdings", "trade", "trading",
	"traders", "export", "import", "industry", "industries", "industrial",
	"service", "services", "system", "systems", "solution", "solutions",
	"technology", "technologies", "tech", "energy", "power", "capital",
	"invest", "investment", "investments", "finance", "financial",
	"bank", "banking", "insurance", "partners", "partner", "alliance",
	"progress", "leader", "leaders", "design", "development", "project",
	"projects", "cargo", "line", "lines", "logistics", "transport",
	"shipping", "marine", "maritime", "ocean", "star", "stars", "alpha",
	"alfa", "beta", "delta", "omega", "sigma", "prime", "premier", "royal",
	"golden", "gold", "silver", "diamond", "crystal", "eagle", "falcon",
	"phoenix", "victory", "future", "vector", "impulse", "energia",
	"region", "regional", "city", "north", "south", "east", "west",
	"eastern", "western", "northern", "southern", "new", "modern", "smart",
	"standard", "quality", "market", "markets", "media", "press", "news",
	"house", "home", "office", "center", "centre", "institute", "academy",
	"university", "school", "research", "science", "scientific",
	"engineering", "electronics", "electronic", "machine", "machinery",
	"construction", "building", "resources", "resource", "metal", "metals",
	"steel", "chemical", "chemicals", "pharma", "medical", "health",
	"agro", "food", "foods", "oil", "gas", "petroleum", "mining", "motors",
	"auto", "aero", "air", "airlines", "aviation", "defense", "defence",
	"security", "consulting", "management", "network", "networks",
	"digital", "data", "software", "telecom", "communications", "supply",
	"supplies", "equipment", "parts", "components", "products", "product",
	"production", "factory", "plant", "works", "office", "agency",
	"foundation", "fund", "council", "ministry", "committee", "department",
	"bureau", "army", "navy", "force", "forces", "police", "guard",
	"president", "minister", "director", "government", "republic",
	"federal", "federation", "council", "party", "movement", "front",
	"brothers", "sons", "family", "friends", "express", "link", "bridge",
	"port", "harbour", "harbor", "island", "islands", "river", "lake",
	"mountain", "sun", "moon", "sky", "sea", "land", "green", "blue", "red",
	"white", "black", "orange", "true", "best", "good", "great", "grand",
	"big", "small", "one", "two", "three", "plus", "pro", "max", "lux",
	"tour", "travel", "art", "arts", "sport", "sports", "life", "time",
	"china", "russia", "iran", "korea",
	/* Proper nouns of everyday prose the dictionary writes capitalised. */
	"january", "february", "march", "april", "may", "june", "july",
	"august", "september", "october", "november", "december", "monday",
	"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"english", "christmas", "easter",
};

/*
 * Words a name may write in lower case even where its other words must be
 * capitalised ("Army of the Pure", "Bank for Foreign Trade").
 */
static const char *const names_function_words[] = {
	"the", "of", "and", "for", "a", "an", "in", "on", "at", "to", "by",
	"with", "from", "de", "del", "della", "la", "le", "les", "al", "el",
	"du", "des", "da", "di", "do", "dos", "das", "van", "von", "der",
	"den", "y", "e", "i", "et", "und",
};

/*
 * The words that tell a vessel near its name ("the tanker Destiny", "MV
 * Serena", "the Panama-flagged Sparta"), compared as written: "MW" is no
 * "MV".
 */
static const char *const names_vessel_words[] = {
	"tanker", "tankers", "supertanker", "vessel", "vessels", "ship",
	"ships", "freighter", "carrier", "vlcc", "mt", "mv", "m/t", "m/v",
	"yacht", "superyacht", "boat", "ferry", "trawler", "barge", "tug",
	"dhow", "flagged", "imo", "cargo", "crew", "hull", "shipment",
};

/*
 * Vessel words written right before a ship's name ("the tanker Golden
 * Star", "MV Tiger"): not those of its cargo or crew, nor "carrier",
 * which is as often an airline ("the national carrier Iran Air"; "bulk
 * carrier" is a ship: matcher.c).
 */
static const char *const names_ship_words[] = {
	"tanker", "supertanker", "vessel", "ship", "freighter", "bulker",
	"vlcc", "mt", "mv", "yacht", "superyacht", "ferry", "trawler",
	"barge", "tug", "dhow", "steamer", "containership", "liner",
	"warship", "cruiser", "destroyer", "frigate", "corvette",
	"submarine", "icebreaker", "battleship",
};
static uint64_t		names_ship_set[64];

/* Words between "IMO" and its number: "IMO No. 9187629". */
static const char *const names_imo_labels[] = { "number", "no", "nr" };

/*
 * Words that say a tax or company registration number follows: "INN
 * 7702070139", "ИНН/КПП", "ОГРН", "tax ID", "registration number",
 * "company number" (Cyrillic folds to these: "ИНН" is "inn", "ЕДРПОУ"
 * "yedrpou").
 */
static const char *const names_reg_labels[] = {
	"inn", "ogrn", "ogrnip", "okpo", "tin", "tax", "taxpayer",
	"registration", "registry", "company", "unp", "bin", "iin", "edrpou",
	"yedrpou",
};

/*
 * Words that say a firm is named right after them ("the firm Progress
 * Leader", "компания Карголайн", "the Soviet carrier Aeroflot"), in the
 * languages the lists' firms are written about: words for any firm, and
 * for a firm of a trade.
 */
static const char *const names_firm_words[] = {
	"company", "companies", "firm", "firms", "airline", "airlines",
	"carrier", "shipper", "insurer", "exporter", "importer",
	"manufacturer", "supplier", "refiner", "conglomerate",
	"компания", "компании",
	"фирма", "фирмы", "предприятие", "firma", "empresa", "societe",
	"société", "compagnie", "unternehmen",
};

/*
 * Words news borrows from Arabic, Persian and Urdu for fighters, bodies and
 * beliefs, which no English dictionary of the project has: counted with
 * the rarer dictionary words, so none of them is a name alone, as a head
 * or what a legal form leaves ("Mujahideen" of "ISIL-SAUDI ARABIA"'s
 * "MUJAHIDEEN OF ...", "Mujahidin" of "MUJAHIDIN OF EASTERN INDONESIA":
 * the Afghan war's news is full of them).
 */
static const char *const names_loanwords[] = {
	"mujahideen", "mujahidin", "mujahedin", "mujahedeen", "mujahid",
	"jihad", "jihadi", "jihadis", "jihadist", "jihadists", "intifada",
	"fatwa", "sharia", "shariah", "madrassa", "madrasa", "madrassah",
	"hawala", "fedayeen", "fedayin", "shura", "ulema", "ulama", "hizb",
	"harakat", "tehrik", "tehreek", "jamaat", "jamiat", "lashkar", "jaish",
	"ansar", "majlis", "kataib", "katibat", "liwa", "jabhat", "wilayat",
	"peshmerga", "basij", "pasdaran", "mukhabarat", "emirate", "caliphate",
};

/*
 * The last words of a group's name that the press leaves out where the
 * rest names its founder or its place (names_add_group).
 */
static const char *const names_group_words[] = {
	"group", "organization", "organisation",
};

/*
 * Words for an armed group's men written right after its name ("Shining
 * Path guerrillas", "Tamil Tiger rebels"): the name is a group's, though
 * its words are everyday ones (matcher.c).
 */
static const char *const names_fighter_words[] = {
	"guerrillas", "guerrilla", "rebels", "rebel", "militants", "militant",
	"militia", "militias", "militiamen", "insurgents", "insurgent",
	"fighters", "gunmen", "terrorists", "terrorist", "separatists",
	"separatist", "extremists", "extremist", "jihadists", "jihadist",
	"islamist",
};

/*
 * Honorifics a list may write as a person's first given name ("NOORZAI,
 * Haji Bashir"): the person is named without them as well.
 */
static const char *const names_honours[] = {
	"dr", "sheikh", "shaikh", "sheik", "shaykh", "haji", "hajji",
	"alhaji", "mullah", "mulla", "maulavi", "maulawi", "mawlawi",
	"maulvi", "maulana", "mawlana", "qari", "mufti", "sayyid", "sayed",
	"sayyed", "seyed", "seyyed", "syed", "ayatollah", "hojatoleslam",
	"hojjatoleslam", "gen", "general", "col", "colonel", "prof", "eng",
};

/*
 * Countries' adjectives a listed name may start with, each with the
 * country's names the press writes there instead ("Iran's Ministry of
 * Intelligence and Security" for IRANIAN MINISTRY OF ...).
 */
static const char *const names_adjective_forms[] = {
	"iranian", "iran", NULL,
	"syrian", "syria", NULL,
	"russian", "russia", NULL,
	"chinese", "china", NULL,
	"libyan", "libya", NULL,
	"iraqi", "iraq", NULL,
	"cuban", "cuba", NULL,
	"belarusian", "belarus", NULL,
	"venezuelan", "venezuela", NULL,
	"burmese", "burma", "myanmar", NULL,
	"north korean", "north korea", NULL,
	"afghan", "afghanistan", NULL,
	"lebanese", "lebanon", NULL,
	"yemeni", "yemen", NULL,
	"sudanese", "sudan", NULL,
	"somali", "somalia", NULL,
	"nicaraguan", "nicaragua", NULL,
};

/*
 * Words for a group written right before its name, after a word for its
 * men ("the separatist group ETA", "the rebel movement FARC").
 */
static const char *const names_band_words[] = {
	"group", "movement", "organization", "organisation", "faction",
};

/*
 * A word for a broadcaster, which the press writes in lower case after
 * the station's own name as it writes "group" ("al-Manar television" of
 * AL MANAR TV).
 */
static const char *const names_outlet_words[] = {
	"television", "tv", "radio", "channel",
};

/*
 * An aircraft's maker, which the press writes after the airline that flies
 * it ("an Iran Air Airbus", "a Cubana de Aviacion Ilyushin-62"): no part
 * of the airline's name.
 */
static const char *const names_craft_words[] = {
	"airbus", "boeing", "ilyushin", "tupolev", "antonov", "yakovlev",
	"fokker", "embraer", "lockheed", "mcdonnell", "concorde",
};

/* Words of a group's alias that call it another's dissidents (alert.c). */
static const char *const names_splinter_words[] = {
	"dissident", "dissidents", "splinter",
};

/*
 * A creed, a doctrine or a people a capitalised word before a group's name
 * says of it without being part of it ("Maoist Shining Path", "Shiite
 * Hizbollah", "Basque ETA"): the dictionary writes them capitalised, as it
 * writes given names, so they are named here.
 */
static const char *const names_creeds[] = {
	"maoist", "marxist", "leninist", "trotskyist", "stalinist", "islamist",
	"jihadist", "salafist", "wahhabi", "shiite", "shia", "sunni",
	"muslim", "moslem", "christian", "catholic", "protestant", "jewish",
	"hindu", "sikh", "buddhist", "leftist", "rightist", "nationalist",
	"separatist", "zionist", "basque", "kurdish", "chechen", "maoists",
	"marxists", "islamists", "serb", "serbs", "croat", "croats", "kurd",
	"kurds", "tamil", "tamils", "pashtun", "hazara", "baluch", "druze",
	"alawite", "kosovar", "ingush", "tatar", "ossetian", "abkhaz",
	"sahrawi", "berber", "tuareg", "hutu", "tutsi", "rohingya", "uighur",
	"uyghur",
};

/*
 * The commonest surnames of Iran as the press writes them in Latin
 * letters: the census tables of scripts/embed-names give them only in
 * Persian script (fa_IR), so "Reza Heidari", "Mehdi Amiri" would pass for
 * rare names that point at one listed person.  They are names very many
 * people bear (names_is_popname), as Iran's civil registry and the
 * press's own counts rank them.  (Its given names, "Reza", "Mehdi", are
 * in the tables of other countries already.)
 */
static const char *const names_persian[] = {
	"mohammadi", "hosseini", "ahmadi", "rezaei", "mousavi", "musavi",
	"jafari", "karimi", "rahimi", "hashemi", "ghasemi", "qasemi",
	"heidari", "heydari", "sadeghi", "rostami", "akbari", "kazemi",
	"amiri", "soltani", "najafi", "ebrahimi", "abbasi", "salehi", "zarei",
	"moradi", "bagheri", "habibi", "jalali", "karami", "mahmoudi",
	"naderi", "nouri", "rahmani", "yousefi", "azizi", "bahrami",
	"ghorbani", "hamidi", "jamshidi", "mirzaei", "nazari", "safari",
	"taheri", "asadi", "hosseinzadeh", "sharifi", "khosravi", "mansouri",
	"alavi", "ansari", "shirazi", "tehrani", "hassani", "ranjbar",
	"kamali", "zamani", "mohammadzadeh", "gholami", "dehghani",
	"mostafavi", "rezaie", "rezai", "mirzaie", "mirzai",
};

/*
 * Offices written before a public figure's name ("Premier Li", "General
 * Hafter") beside the titles (names_titles, which have "President",
 * "Minister", "Mullah", "Sheikh" already): names_is_office.
 */
static const char *const names_offices[] = {
	"premier", "chancellor", "general", "colonel", "marshal",
	"commander", "governor", "king", "prince", "senator",
};
static uint64_t		names_office_set[64];

/*
 * Titles a capitalised word before a name may be without being part of
 * it ("Mr Putin", "Sheikh Hamad"); everyday words ("President") already
 * are.
 */
static const char *const names_titles[] = {
	"mr", "mrs", "ms", "dr", "sheikh", "shaikh", "sheik", "ayatollah",
	"emir", "amir", "imam", "mullah", "mufti", "gen", "col", "lt", "sgt",
	"capt", "cmdr", "adm", "maj", "brig", "st", "sen", "gov", "rep",
	"prof", "rev", "haji", "hajji", "ceo", "cfo", "hrh", "herr", "frau",
	"monsieur", "madame", "senor", "senora", "sayyid", "sayed",
	"sayyed", "seyed", "seyyed", "syed", "shaykh", "hojjatoleslam",
	"mulla", "maulavi", "maulawi", "mawlawi", "maulvi", "maulana", "qari",
	"hojatoleslam",
	/* Roles written after a firm's name ("Sberbank Chief Executive"). */
	"chief", "executive", "chairman", "chairwoman", "president",
	"director", "head", "spokesman", "spokeswoman", "spokesperson",
	"minister", "secretary", "manager", "founder", "owner", "boss",
	"deputy", "vice", "board", "shareholder", "shareholders",
	/* Days and months, capitalised anywhere ("Putin Monday"). */
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "january", "february", "march", "april", "may", "june",
	"july", "august", "september", "october", "november", "december",
	/* Russian titles as transliterated: «Президент Садыр Жапаров». */
	"prezident", "premer", "ministr", "glava", "general", "gospodin",
	"gospozha", "gubernator", "direktor", "predsedatel", "deputat",
	"senator", "mer", "akim", "posol",
};

/*
 * Words before which a long organisation's name has a head the press uses
 * alone: "STATE DUMA OF THE FEDERAL ASSEMBLY OF THE RUSSIAN FEDERATION" is
 * "the State Duma", "AL-KHOBARA FOR ACCOUNTING, AUDITING, AND STUDIES"
 * "Al-Khobara" (names_add_head).
 */
static const char *const names_cut_words[] = { "of", "for" };

/*
 * Trades a firm's short name ends with: a long name's first word and one
 * of these ("Sepehr Energy") is a name the press uses (names_add_head).
 */
static const char *const names_trades[] = {
	"energy", "oil", "gas", "petrol", "petroleum", "petrochemical",
	"petrochemicals", "shipping", "steel", "mining", "metals", "trading",
	"exchange", "airlines", "airline", "aviation", "electronics",
	"engineering", "industries", "industrial", "logistics", "maritime",
	"marine", "tankers", "cement", "chemical", "chemicals", "pharma",
	"telecom", "construction",
};

/* Words that start an Arabic chain of forebears ("Ben Haj Hamda"). */
static const char *const names_lineage_words[] = {
	"ben", "bin", "ibn", "bent", "bint", "binti",
};

/* Articles a body's name may start with ("LA COMPANIA GENERAL ..."). */
static const char *const names_article_words[] = {
	"the", "la", "el", "le", "les", "los", "las", "il",
};

/* Words that make a head a place's name ("Kurchaloi District"). */
static const char *const names_areas[] = {
	"district", "province", "region", "oblast", "krai", "kray", "county",
	"city", "governorate", "republic", "raion", "rayon", "municipality",
};

/* Words that join a name to the next and never end one ("bin", "ul"). */
static const char *const names_link_words[] = {
	"bin", "ibn", "bint", "binti", "abu", "abd", "ould", "ul", "ur", "ud",
	"uddin", "al", "el",
};

/* Words after which a capitalised word still belongs to a name. */
static const char *const names_of_words[] = {
	"of", "de", "del", "della", "di", "da", "do", "dos", "das", "du",
	"des", "for",
};

/*
 * The verbs that follow a name in news ("Khan said"): a name ending in
 * one ("SAID, Khan" as "Khan Said") cannot be told from them without case.
 */
static const char *const names_reporting_words[] = {
	"said", "says", "told", "added", "asked", "warned", "wrote", "noted",
	"stated",
};

/*
 * The words a headline in title case leaves in lower case: articles,
 * conjunctions and short prepositions ("Putin Says Russia Will Act on
 * Gas", "Kyrgyz Firms as Conduits").
 */
static const char *const names_minor_words[] = {
	"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet",
	"as", "at", "by", "in", "of", "off", "on", "per", "to", "up", "via",
	"vs", "from", "into", "onto", "over", "with", "upon", "than", "out",
};

/*
 * The legal forms' and common words' tokens, made once.  The common words
 * are the list above and the everyday words of matcher_dict, about 40,000;
 * their table of skeletons, 1 MB, is at most half full.
 */
static struct ntoks	names_legal[nitems(names_legal_forms)];
/*
 * The legal forms of two words or more by their first word's skeleton
 * (side 0) and their last's (side 1): a slot's key, its first form + 1,
 * and each form's next + 1 on that side (names_legal_at).
 */
#define NAMES_LSLOTS	256
static uint64_t		names_lkey[2][NAMES_LSLOTS];
static uint16_t		names_lhead[2][NAMES_LSLOTS];
static uint16_t		names_lnext[2][nitems(names_legal_forms)];
static uint64_t		names_legal_one[NAMES_LSLOTS];	/* one-word forms */
static uint64_t		names_common[1 << 17]; /* skeletons; 0 = empty */
static uint64_t		names_function[128];
static uint64_t		names_proper_set[1 << 15]; /* 10,000 names */
static uint64_t		names_vessel_set[128];	/* folded hashes */
static uint64_t		names_imo_set[8];
static uint64_t		names_reg_set[64];
static uint64_t		names_title_set[128];
static uint64_t		names_fighter_set[64];	/* folded hashes */
static uint64_t		names_group_set[8];	/* folded hashes */
static uint64_t		names_band_set[16];	/* folded hashes */
static uint64_t		names_outlet_set[8];
static uint64_t		names_craft_set[32];
static uint64_t		names_splinter_set[8];
static uint64_t		names_honour_set[128];	/* folded hashes */
static uint64_t		names_creed_set[128];	/* folded hashes */
static uint64_t		names_firm_set[64];	/* folded hashes */
static uint64_t		names_trade_set[64];
static uint64_t		names_head_set[8];
static uint64_t		names_first_set[16];	/* kinds first */
static uint64_t		names_rare_set[1 << 16];	/* 24,000 words */
static uint64_t		names_pop_set[1 << 13];		/* 3,600 names */
static uint64_t		names_census_set[1 << 16];	/* 25,000 names */
static uint64_t		names_everyday_set[1 << 17];	/* 40,000 words */
static const char *const names_ms[] = { "m" };		/* "M/T", "M/V" */
static const char *const names_tvs[] = { "t", "v" };
static const char *const names_als[] = { "al", "el" };
/*
 * Words that make one Arabic name of the word after them: "Abd al-Ghani"
 * ("servant of the Rich"), a theophoric given name; "Abu Bakr", "Umm
 * Kulthum", a kunya.  "Abdul Ghani" alone is one name many bear.
 */
static const char *const names_compound_heads[] = {
	"abd", "abdul", "abdel", "abdal", "abdol", "abdur", "abdu", "abdoul",
	"abu", "abou", "umm", "ghulam", "gholam", "golam",
};
/* The words of a kunya's "Abu" ("father of"), as the press spells it. */
static const char *const names_kunya_heads[] = { "abu", "abou", "abul" };
/*
 * Words that make one name of the word before them, as Afghan and
 * Pakistani given names are made: "Gul Mohammad", "Noor Ahmad", "Dost
 * Muhammad" are one given name, which very many people bear.
 */
static const char *const names_compound_tails[] = {
	"muhammad", "mohammed", "mohammad", "mohamed", "muhammed", "mohamad",
	"muhamad", "ahmad", "ahmed",
};
static uint64_t		names_m_set[2];
static uint64_t		names_tv_set[4];
static uint64_t		names_al_set[4];
static uint64_t		names_compound_set[32];
static uint64_t		names_tail_set[16];
static uint64_t		names_kunya_set[8];
static uint64_t		names_the;		/* "the" */
static uint64_t		names_of_set[64];
static uint64_t		names_bank_hash;	/* "bank", folded */
static struct ntoks	names_ministry;	/* "ministry of petroleum oil" */
static uint64_t		names_cartel_hash;	/* "cartel", folded */
static uint64_t		names_bulk_hash;	/* "bulk", folded */
static uint64_t		names_carrier_hash;	/* "carrier", folded */
static uint64_t		names_muhammad_skel;	/* every spelling's */
static uint64_t		names_s_hash;		/* a possessive's "s" */
static uint64_t		names_and_hash;		/* "and" */
static uint32_t		names_honour_initials;	/* their first letters */
static uint32_t		names_adjective_initials;
static uint64_t		names_minor_set[128];
static uint64_t		names_reporting_set[32];
static uint64_t		names_cut_set[4];	/* "of", "for" */
static uint64_t		names_link_set[32];
static uint64_t		names_lineage_set[16];
static uint64_t		names_article_set[16];
static uint64_t		names_area_set[32];
static uint64_t		names_legal_ends[512]; /* first and last tokens */
static struct ntoks	names_abbr[nitems(names_abbrevs)]; /* long, short */
static struct ntoks	names_apos[nitems(names_apos_forms)]; /* its 2 */
static struct ntoks	names_plural[nitems(names_plurals)]; /* both */
static struct ntoks	names_body;	/* names_bodies, in order */
static uint64_t		names_apos_long[nitems(names_apos_forms)][2];
static uint64_t		names_abbr_set[64];	/* folded hashes of both */
static pthread_once_t	names_tables_once = PTHREAD_ONCE_INIT;

/* Cut a string into at most max tokens. */
void
names_cut(const char *s, size_t len, struct ntoks *nt, size_t max)
{
	struct token	 t[MATCHER_MAX_TOKENS];
	size_t		 i, k, pos = 0;

	if (max > MATCHER_MAX_TOKENS)
		max = MATCHER_MAX_TOKENS;
	nt->n = normalize_tokens(s, len, &pos, t, max);
	nt->digits = 0;
	for (i = 0; i < nt->n; i++) {
		nt->hash[i] = t[i].hash;
		nt->skel[i] = t[i].skel;
		nt->flen[i] = t[i].flen;
		for (k = t[i].start; k < t[i].end && s[k] >= '0' &&
		    s[k] <= '9'; k++)
			;
		if (k == t[i].end)
			nt->digits |= 1u << i;
	}
}

/* The slot of a skeleton in a set of n (a power of two) skeletons. */
static size_t
names_set_slot(const uint64_t *set, size_t n, uint64_t skel)
{
	size_t	 i = (size_t)skel & (n - 1);

	while (set[i] != 0 && set[i] != skel)
		i = (i + 1) & (n - 1);
	return (i);
}

/* Add a skeleton to a set of n. */
static void
names_set_add(uint64_t *set, size_t n, uint64_t skel)
{
	set[names_set_slot(set, n, skel)] = skel;
}

/* Whether a set of n has a skeleton. */
static int
names_set_has(const uint64_t *set, size_t n, uint64_t skel)
{
	return (set[names_set_slot(set, n, skel)] == skel);
}

/*
 * Add keys to a set: the skeletons or folded hashes of a word list's
 * tokens, made when the program was built (wordkeys.c).
 */
static void
names_set_keys(uint64_t *set, size_t nset, const uint64_t *keys, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		names_set_add(set, nset, keys[i]);
}

/*
 * Cut a word that a name may write in lower case into *nt, and add its
 * tokens to the function words (and so to the common words).
 */
static void
names_lower_word(const char *w, struct ntoks *nt)
{
	size_t	 k;

	names_cut(w, strlen(w), nt, 2);
	for (k = 0; k < nt->n; k++) {
		names_set_add(names_function, nitems(names_function),
		    nt->skel[k]);
		names_set_add(names_common, nitems(names_common),
		    nt->skel[k]);
	}
}

/* Add the folded hash of each one-token word of a list to a set. */
static void
names_hash_set(uint64_t *set, size_t nset, const char *const *words,
    size_t n)
{
	struct ntoks	 nt;
	size_t		 i;

	for (i = 0; i < n; i++) {
		names_cut(words[i], strlen(words[i]), &nt, 2);
		if (nt.n == 1)
			names_set_add(set, nset, nt.hash[0]);
	}
}

/* Add the skeleton of each word's first token to a set. */
static void
names_skel_set(uint64_t *set, size_t nset, const char *const *words,
    size_t n)
{
	struct ntoks	 nt;
	size_t		 i;

	for (i = 0; i < n; i++) {
		names_cut(words[i], strlen(words[i]), &nt, 1);
		names_set_add(set, nset, nt.skel[0]);
	}
}

/* Put legal form i on side's chain of its word skel (names_lkey). */
static void
names_legal_chain(int side, size_t i, uint64_t skel)
{
	size_t	 j = names_set_slot(names_lkey[side], NAMES_LSLOTS, skel);

	names_lkey[side][j] = skel;
	names_lnext[side][i] = names_lhead[side][j];
	names_lhead[side][j] = (uint16_t)(i + 1);
}

/* Make token i of *to token j of *from (not its digits bit). */
static void
names_tok_copy(struct ntoks *to, size_t i, const struct ntoks *from,
    size_t j)
{
	to->hash[i] = from->hash[j];
	to->skel[i] = from->skel[j];
	to->flen[i] = from->flen[j];
}

/* Cut two words, a word and its other form, into tokens 0 and 1 of *two. */
static void
names_pair(const char *const words[2], struct ntoks *two)
{
	struct ntoks	 nt;

	names_cut(words[0], strlen(words[0]), two, 1);
	names_cut(words[1], strlen(words[1]), &nt, 1);
	names_tok_copy(two, 1, &nt, 0);
}

/*
 * The folded hash of the short form names_abbrevs gives a word (folded
 * hash h), or 0 if none.
 */
static uint64_t
names_apos_short(uint64_t h)
{
	size_t	 k;

	for (k = 0; k < nitems(names_abbrevs); k++) {
		if (names_abbr[k].hash[0] == h)
			return (names_abbr[k].hash[1]);
	}
	return (0);
}

/* A set of folded hashes and the words names_tables() fills it with. */
struct names_set {
	uint64_t		*set;
	size_t			 nset;
	const char *const	*words;
	size_t			 n;
};
#define NAMES_SET(set, words)	{ set, nitems(set), words, nitems(words) }
static const struct names_set names_sets[] = {
	NAMES_SET(names_vessel_set, names_vessel_words),
	NAMES_SET(names_imo_set, names_imo_labels),
	NAMES_SET(names_reg_set, names_reg_labels),
	NAMES_SET(names_firm_set, names_firm_words),
	NAMES_SET(names_compound_set, names_compound_heads),
	NAMES_SET(names_tail_set, names_compound_tails),
	NAMES_SET(names_kunya_set, names_kunya_heads),
	NAMES_SET(names_trade_set, names_trades),
	NAMES_SET(names_m_set, names_ms),
	NAMES_SET(names_tv_set, names_tvs),
	NAMES_SET(names_al_set, names_als),
	NAMES_SET(names_head_set, names_heads),
	NAMES_SET(names_first_set, names_kinds_first),
	NAMES_SET(names_title_set, names_titles),
	NAMES_SET(names_office_set, names_offices),
	NAMES_SET(names_ship_set, names_ship_words),
	NAMES_SET(names_fighter_set, names_fighter_words),
	NAMES_SET(names_group_set, names_group_words),
	NAMES_SET(names_band_set, names_band_words),
	NAMES_SET(names_outlet_set, names_outlet_words),
	NAMES_SET(names_craft_set, names_craft_words),
	NAMES_SET(names_splinter_set, names_splinter_words),
	NAMES_SET(names_honour_set, names_honours),
	NAMES_SET(names_creed_set, names_creeds),
	NAMES_SET(names_of_set, names_of_words),
};

/* Build the legal-form, common-word, proper-name and vessel-word tables. */
static void	names_of_forms_init(void);

static void
names_tables(void)
{
	struct ntoks	 nt;
	size_t		 i;

	/*
	 * Written first, their pages are made for the asking; read first
	 * (a set's probe), each page of the 3.5 MB is the shared zero page
	 * until its first write, then copied, and the copy's flush of the
	 * TLB interrupts the reader thread of sanctwatch scan on the other
	 * core (2-3% of the scan of 110 MB).
	 */
	memset(names_common, 0, sizeof names_common);
	memset(names_proper_set, 0, sizeof names_proper_set);
	memset(names_rare_set, 0, sizeof names_rare_set);
	memset(names_pop_set, 0, sizeof names_pop_set);
	memset(names_census_set, 0, sizeof names_census_set);
	memset(names_everyday_set, 0, sizeof names_everyday_set);
	names_cut("bank", 4, &nt, 1);
	names_bank_hash = nt.hash[0];
	names_cut("ministry of petroleum oil", 25, &names_ministry, 4);
	names_cut("cartel", 6, &nt, 1);
	names_cartel_hash = nt.hash[0];
	names_cut("bulk", 4, &nt, 1);
	names_bulk_hash = nt.hash[0];
	names_cut("carrier", 7, &nt, 1);
	names_carrier_hash = nt.hash[0];
	names_cut("muhammad", 8, &nt, 1);
	names_muhammad_skel = nt.skel[0];
	names_cut("s", 1, &nt, 1);
	names_s_hash = nt.hash[0];
	names_cut("and", 3, &nt, 1);
	names_and_hash = nt.hash[0];
	names_of_forms_init();
	for (i = 0; i < nitems(names_honours); i++)
		names_honour_initials |= 1u << (names_honours[i][0] - 'a');
	for (i = 0; i < nitems(names_adjective_forms); i++) {
		if (i == 0 || names_adjective_forms[i - 1] == NULL)
			names_adjective_initials |= 1u <<
			    (names_adjective_forms[i][0] - 'a');
	}
	for (i = 0; i < nitems(names_legal_forms); i++) {
		names_cut(names_legal_forms[i],
		    strlen(names_legal_forms[i]), &names_legal[i],
		    MATCHER_MAX_TOKENS);
		if (names_legal[i].n == 0)
			continue;
		names_set_add(names_legal_ends, nitems(names_legal_ends),
		    names_legal[i].skel[0]);
		names_set_add(names_legal_ends, nitems(names_legal_ends),
		    names_legal[i].skel[names_legal[i].n - 1]);
		if (names_legal[i].n == 1)
			names_set_add(names_legal_one, NAMES_LSLOTS,
			    names_legal[i].hash[0]);
		else {
			names_legal_chain(0, i, names_legal[i].skel[0]);
			names_legal_chain(1, i,
			    names_legal[i].skel[names_legal[i].n - 1]);
		}
	}
	names_skel_set(names_common, nitems(names_common),
	    names_common_words, nitems(names_common_words));
	names_set_keys(names_common, nitems(names_common),
	    matcher_dict_skels, matcher_dict_skels_n);
	names_set_keys(names_proper_set, nitems(names_proper_set),
	    matcher_proper_skels, matcher_proper_skels_n);
	names_set_keys(names_rare_set, nitems(names_rare_set),
	    matcher_rare_skels, matcher_rare_skels_n);
	names_skel_set(names_rare_set, nitems(names_rare_set),
	    names_loanwords, nitems(names_loanwords));
	names_set_keys(names_everyday_set, nitems(names_everyday_set),
	    matcher_dict_hashes, matcher_dict_hashes_n);
	names_set_keys(names_pop_set, nitems(names_pop_set),
	    matcher_popnames_hashes, matcher_popnames_hashes_n);
	names_set_keys(names_census_set, nitems(names_census_set),
	    matcher_popnames_hashes, matcher_popnames_hashes_n);
	names_set_keys(names_census_set, nitems(names_census_set),
	    matcher_census_hashes, matcher_census_hashes_n);
	names_hash_set(names_pop_set, nitems(names_pop_set), names_persian,
	    nitems(names_persian));
	names_hash_set(names_census_set, nitems(names_census_set),
	    names_persian, nitems(names_persian));
	for (i = 0; i < nitems(names_function_words); i++)
		names_lower_word(names_function_words[i], &nt);
	for (i = 0; i < nitems(names_sets); i++)
		names_hash_set(names_sets[i].set, names_sets[i].nset,
		    names_sets[i].words, names_sets[i].n);
	names_cut("the", 3, &nt, 1);
	names_the = nt.hash[0];
	names_hash_set(names_minor_set, nitems(names_minor_set),
	    names_minor_words, nitems(names_minor_words));
	names_hash_set(names_reporting_set, nitems(names_reporting_set),
	    names_reporting_words, nitems(names_reporting_words));
	names_hash_set(names_cut_set, nitems(names_cut_set), names_cut_words,
	    nitems(names_cut_words));
	names_hash_set(names_link_set, nitems(names_link_set),
	    names_link_words, nitems(names_link_words));
	names_hash_set(names_lineage_set, nitems(names_lineage_set),
	    names_lineage_words, nitems(names_lineage_words));
	names_hash_set(names_article_set, nitems(names_article_set),
	    names_article_words, nitems(names_article_words));
	names_hash_set(names_area_set, nitems(names_area_set), names_areas,
	    nitems(names_areas));
	for (i = 0; i < nitems(names_abbrevs); i++) {
		names_pair(names_abbrevs[i], &names_abbr[i]);
		names_set_add(names_abbr_set, nitems(names_abbr_set),
		    names_abbr[i].hash[0]);
		names_set_add(names_abbr_set, nitems(names_abbr_set),
		    names_abbr[i].hash[1]);
	}
	for (i = 0; i < nitems(names_plurals); i++)
		names_pair(names_plurals[i], &names_plural[i]);
	for (i = 0; i < nitems(names_bodies); i++) {
		names_cut(names_bodies[i], strlen(names_bodies[i]), &nt, 1);
		names_tok_copy(&names_body, i, &nt, 0);
	}
	for (i = 0; i < nitems(names_apos_forms); i++) {
		names_cut(names_apos_forms[i][1],
		    strlen(names_apos_forms[i][1]), &names_apos[i], 2);
		names_cut(names_apos_forms[i][0],
		    strlen(names_apos_forms[i][0]), &nt, 1);
		names_apos_long[i][0] = nt.hash[0];
		names_apos_long[i][1] = names_apos_short(nt.hash[0]);
	}
}

/* Whether a token (folded hash) is a vessel word or "IMO". */
int
names_is_vessel_word(uint64_t hash)
{
	return (names_set_has(names_vessel_set, nitems(names_vessel_set),
	    hash));
}

/* Whether a token (folded hash) stands between "IMO" and its number. */
int
names_is_imo_label(uint64_t hash)
{
	return (names_set_has(names_imo_set, nitems(names_imo_set), hash));
}

/* Whether a token (folded hash) says a registration number follows. */
int
names_is_reg_label(uint64_t hash)
{
	return (names_set_has(names_reg_set, nitems(names_reg_set), hash));
}

/*
 * Whether a token (folded hash) makes one name of the word after it
 * ("Abdul", "Abu").
 */
int
names_is_compound_head(uint64_t hash)
{
	return (names_set_has(names_compound_set, nitems(names_compound_set),
	    hash));
}

/* Whether a token (folded hash) is a kunya's "Abu" ("Abu Qatada"). */
int
names_is_kunya_head(uint64_t hash)
{
	return (names_set_has(names_kunya_set, nitems(names_kunya_set),
	    hash));
}

/*
 * Whether a token (folded hash) makes one name of the word before it
 * ("Mohammad" of "Gul Mohammad").
 */
int
names_is_compound_tail(uint64_t hash)
{
	return (names_set_has(names_tail_set, nitems(names_tail_set), hash));
}

/*
 * Whether a token (folded hash) is "cartel", which the press writes in
 * lower case after the place a cartel is named for ("the Juarez cartel").
 */
int
names_is_cartel(uint64_t hash)
{
	return (hash == names_cartel_hash);
}

/* Whether a token (folded hash) is a word for a firm ("company"). */
int
names_is_firm_word(uint64_t hash)
{
	return (names_set_has(names_firm_set, nitems(names_firm_set), hash));
}

/* Whether a token (folded hash) is a word for a group's men ("rebels"). */
int
names_is_fighter_word(uint64_t hash)
{
	return (names_set_has(names_fighter_set, nitems(names_fighter_set),
	    hash));
}

/* Whether a token (folded hash) is a word for a group ("group"). */
int
names_is_band_word(uint64_t hash)
{
	return (names_set_has(names_band_set, nitems(names_band_set), hash));
}

/* Whether a token (folded hash) is an aircraft's maker ("Airbus"). */
int
names_is_craft_word(uint64_t hash)
{
	return (names_set_has(names_craft_set, nitems(names_craft_set),
	    hash));
}

/* Whether a token (folded hash) is a word for a broadcaster ("radio"). */
int
names_is_outlet_word(uint64_t hash)
{
	return (names_set_has(names_outlet_set, nitems(names_outlet_set),
	    hash));
}

/* Whether a token (folded hash) is a creed or a people ("Maoist"). */
int
names_is_creed(uint64_t hash)
{
	return (names_set_has(names_creed_set, nitems(names_creed_set),
	    hash));
}

/* Whether two tokens (folded hashes) are "M/T" or "M/V" cut in two. */
int
names_is_vessel_pair(uint64_t first, uint64_t second)
{
	return (names_set_has(names_m_set, nitems(names_m_set), first) &&
	    names_set_has(names_tv_set, nitems(names_tv_set), second));
}

/* Whether a token (folded hash) is a title such as "Mr" or "Sheikh". */
int
names_is_title(uint64_t hash)
{
	return (names_set_has(names_title_set, nitems(names_title_set), hash));
}

/* Whether a token (folded hash) is a word for a ship ("tanker", "MV"). */
int
names_is_ship_word(uint64_t hash)
{
	return (names_set_has(names_ship_set, nitems(names_ship_set), hash));
}

/* Whether two tokens (folded hashes) are "bulk carrier". */
int
names_is_bulk_carrier(uint64_t first, uint64_t second)
{
	return (first == names_bulk_hash && second == names_carrier_hash);
}

/*
 * Whether a token (folded hash) is a title or an office, which says that
 * the name after it is a public figure's ("President Putin", "Chief
 * Executive John Lee").
 */
int
names_is_office(uint64_t hash)
{
	return (names_is_title(hash) || names_set_has(names_office_set,
	    nitems(names_office_set), hash));
}

/* Whether a token (folded hash) is a verb that follows names ("said"). */
int
names_is_reporting(uint64_t hash)
{
	return (names_set_has(names_reporting_set,
	    nitems(names_reporting_set), hash));
}

/* Whether a token (folded hash) is a word title case leaves in lower case. */
int
names_is_minor(uint64_t hash)
{
	return (names_set_has(names_minor_set, nitems(names_minor_set), hash));
}

/* Whether a token (folded hash) is "of" or a word like it ("de", "for"). */
int
names_is_of(uint64_t hash)
{
	return (names_set_has(names_of_set, nitems(names_of_set), hash));
}

/* Whether a token skeleton may start or end a legal form ("LLC", "JSC"). */
int
names_is_legal(uint64_t skel)
{
	return (names_set_has(names_legal_ends, nitems(names_legal_ends),
	    skel));
}

/* Whether a token skeleton is a common word. */
int
names_is_common(uint64_t skel)
{
	return (names_set_has(names_common, nitems(names_common), skel));
}

/*
 * The length of a legal form at the start (or end) of nt[off..off+n).  A
 * form of several words is compared by skeleton ("Obshchestvo s
 * Ogranichennoi Otvetstvennostyu"), a one-word form as written: the
 * skeleton of "OOK" is also that of "OCK" and "OEK", which are names.
 */
static size_t
names_legal_at(const struct ntoks *nt, size_t off, size_t n, int at_end)
{
	const uint64_t	*h;
	size_t		 i, k, best = 0, at = off + (at_end ? n - 1 : 0);
	uint64_t	 sk;

	/* Most names neither start nor end with a legal form's word. */
	if (n == 0 || !names_set_has(names_legal_ends,
	    nitems(names_legal_ends), (sk = nt->skel[at])))
		return (0);
	if (names_set_has(names_legal_one, NAMES_LSLOTS, nt->hash[at]))
		best = 1;
	/* The longest form of those whose word there is the name's. */
	i = names_lhead[at_end][names_set_slot(names_lkey[at_end],
	    NAMES_LSLOTS, sk)];
	for (; i != 0; i = names_lnext[at_end][i - 1]) {
		k = names_legal[i - 1].n;
		if (k > n || k <= best)
			continue;
		h = nt->skel + off + (at_end ? n - k : 0);
		if (memcmp(h, names_legal[i - 1].skel, k * sizeof *h) == 0)
			best = k;
	}
	return (best);
}

/*
 * Whether a token's folded hash is an everyday word as spelt: "said" is,
 * "Saeed" is not, though the two have one skeleton.
 */
int
names_is_everyday(uint64_t hash)
{
	return (names_set_has(names_everyday_set, nitems(names_everyday_set),
	    hash));
}

/* Whether a token skeleton is a rarer dictionary word ("paramilitary"). */
int
names_is_rare(uint64_t skel)
{
	return (names_set_has(names_rare_set, nitems(names_rare_set), skel));
}

/* Whether a token skeleton is a function word ("of", "the"). */
int
names_is_function(uint64_t skel)
{
	return (names_set_has(names_function, nitems(names_function),
	    skel));
}

/* Whether a token skeleton is a proper name ("Serena", "Siberia"). */
int
names_is_proper(uint64_t skel)
{
	return (names_set_has(names_proper_set,
	    nitems(names_proper_set), skel));
}

/*
 * Whether a token's folded hash is a given name or surname that very many
 * people bear, in two countries at least ("Mark", "Taylor", "Torres",
 * "Oleg"), as the census tables of scripts/embed-names say.  As written, not
 * by skeleton: "Doe" is not "Day".
 */
int
names_is_popname(uint64_t hash)
{
	return (names_set_has(names_pop_set, nitems(names_pop_set), hash));
}

/*
 * Whether a token's folded hash is a given name or surname that the census
 * tables of one country at least have ("Duque", "Timchenko", "Mark").
 */
int
names_is_census(uint64_t hash)
{
	return (names_set_has(names_census_set, nitems(names_census_set),
	    hash));
}

/* Whether letter c starts a word of a set of first letters (a-z bits). */
static int
names_is_initial(uint32_t initials, char c)
{
	unsigned	 l = ((unsigned char)c | 0x20) - 'a';

	return (l < 26 && (initials >> l & 1));
}

/* Whether one token may stand alone once legal forms are gone. */
static int
names_strong_word(const struct ntoks *nt, size_t i)
{
	return (nt->flen[i] >= 5 && !names_is_common(nt->skel[i]));
}

/*
 * Whether one token may name a vessel alone: not a common word, nor a
 * proper name, which a ship is often named after and news is full of
 * ("SERENA", "SIBERIA", "DOVER").
 */
static int
names_strong_vessel(const struct ntoks *nt, size_t i)
{
	return (names_strong_word(nt, i) && !names_is_proper(nt->skel[i]));
}

/*
 * Whether a vessel's name is weak alone: one word that is not strong, or
 * words that are all common words, proper names or numbers ("DEEP SEA",
 * "HAPPINESS I", "OCEAN STAR", "VICTORY 2").
 */
static int
names_weak_vessel(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i;

	if (n == 1)
		return (!names_strong_vessel(nt, from));
	for (i = from; i < from + n; i++) {
		if (!names_is_common(nt->skel[i]) &&
		    !names_is_proper(nt->skel[i]) && !(nt->digits & 1u << i))
			return (0);
	}
	return (1);
}

/*
 * Whether tokens nt[from..from+n) are all of one or two letters: initials
 * ("E. X. Co."), which punctuation anywhere in a text can spell.
 */
static int
names_initials(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i;

	for (i = from; i < from + n; i++) {
		if (nt->flen[i] > 2)
			return (0);
	}
	return (1);
}

/*
 * A name that can never match: counted by the matcher (one summary line at
 * load), each one at debug level only.  They come from the lists' own data
 * ("PTE OOO"), which the user cannot change; `sanctwatch import` reports
 * them once, when the list is imported (names_problem).
 */
static void
names_warn(struct matcher *m, const struct variant *v, const char *why)
{
	matcher_never(m, v->kind == PARTY_ENTITY ? "entity" : "country", v->id,
	    v->name);
	log_debug("watchlist %s %s: name \"%s\" %s; it never matches",
	    v->kind == PARTY_ENTITY ? "entity" : "country", v->id, v->name,
	    why);
}

/*
 * The legal forms at either end of nt: *lead tokens at the start, *trail
 * at the end, *outer the outermost form at the end.
 */
static void
names_legal_span(const struct ntoks *nt, size_t *lead, size_t *trail,
    size_t *outer)
{
	size_t	 k;

	*lead = *trail = *outer = 0;
	while (*lead < nt->n &&
	    (k = names_legal_at(nt, *lead, nt->n - *lead, 0)) != 0)
		*lead += k;
	while (*lead + *trail < nt->n && (k = names_legal_at(nt, *lead,
	    nt->n - *lead - *trail, 1)) != 0) {
		if (*trail == 0)
			*outer = k;
		*trail += k;
	}
}

/*
 * The party key of a listed name: its folded words, apostrophes left out
 * ("AL QA'IDA" and "AL-QAIDA" agree); a person's in any order ("KHAN,
 * Abdul Qadeer" and "Abdul Qadeer Khan" agree), a non-person's in order
 * and without the legal forms at either end ("Public Joint Stock Company
 * Gazprom" and "Gazprom, OAO" agree); hashed with the class (person or
 * not).  0 if nothing is left, or if one everyday word is (too weak to say
 * that two entries are one party: watchlist-party.c).
 */
uint64_t
names_party_key(const char *name, int person)
{
	struct ntoks	 nt;
	char		*bare;
	size_t		 i, n = 0, lead = 0, trail = 0, outer;
	uint64_t	 k = 0x9e3779b97f4a7c15ULL * (person ? 2 : 3);

	names_init();
	bare = xmalloc(strlen(name) + 1);
	for (i = 0; name[i] != '\0'; i++) {
		if (name[i] != '\'' && name[i] != '`')
			bare[n++] = name[i];
	}
	names_cut(bare, n, &nt, MATCHER_MAX_TOKENS);
	free(bare);
	if (!person)
		names_legal_span(&nt, &lead, &trail, &outer);
	if (lead + trail >= nt.n || (nt.n - lead - trail == 1 &&
	    names_is_common(nt.skel[lead])))
		return (0);
	for (i = lead; i < nt.n - trail; i++) {
		if (person)	/* a sum of mixed words: any order */
			k += (nt.hash[i] ^ 0x94d049bb133111ebULL) *
			    0xbf58476d1ce4e5b9ULL;
		else
			k = (k ^ nt.hash[i]) * 0xff51afd7ed558ccdULL;
	}
	return (k == 0 ? 1 : k);
}

/*
 * Why a listed name can never match ("is only a legal form", "has no
 * letters or digits"), or NULL if it can: what the importers check.
 */
const char *
names_problem(const char *name)
{
	struct ntoks	 nt;
	size_t		 lead, trail, outer;

	names_init();
	names_cut(name, strlen(name), &nt, MATCHER_MAX_TOKENS);
	if (nt.n == 0)
		return ("has no letters or digits");
	names_legal_span(&nt, &lead, &trail, &outer);
	if (lead + trail == nt.n)
		return ("is only a legal form");
	return (NULL);
}

/*
 * Whether tokens nt[from..from+n) are all everyday words (or, if proper,
 * proper names too) or numbers, one at least a word but a function word;
 * a possessive's "s" is no word where no word is a proper name (it says
 * whose: "IRAN'S MINISTRY OF ...", "PEOPLE'S REPUBLIC OF KOREA").
 */
static int
names_words_of(const struct ntoks *nt, size_t from, size_t n, int proper)
{
	size_t	 i, k;
	int	 content = 0, places = -1;

	for (i = from; i < from + n; i++) {
		if (nt->digits & 1u << i)	/* "Set 1", "Victory 2" */
			continue;
		/* a possessive's "s" in a name of no place ("PEOPLE'S ARMY") */
		if (i > from && nt->hash[i] == names_s_hash) {
			for (k = from; places == -1 && k < from + n; k++) {
				if (names_is_proper(nt->skel[k]))
					places = 1;
			}
			if (places != 1)
				continue;
		}
		if (!names_is_common(nt->skel[i]) &&
		    !(proper && names_is_proper(nt->skel[i])))
			return (0);
		if (!names_is_function(nt->skel[i]))
			content = 1;
	}
	return (content);
}

/*
 * Whether tokens nt[from..from+n) are all everyday words or numbers, one at
 * least a word but a function word ("Ministry of Defence", "The Base", "Set
 * 1"): such a name, as the list writes it or cut from its legal form
 * ("National Lottery" of NATIONAL LOTTERY AD), needs evidence beyond itself
 * (matcher.c, alert.c): a legal form or a word for a firm beside it in the
 * text, or what corroborates a weak form.
 */
static int
names_generic(const struct ntoks *nt, size_t from, size_t n)
{
	return (names_words_of(nt, from, n, 0));
}

/*
 * Whether tokens nt[from..from+n) are all words of the dictionary,
 * everyday words or proper names, or numbers ("Asian Tiger", "Tamil
 * Tiger"; not "al-Aqsa Martyrs Brigades").
 */
static int
names_dictionary(const struct ntoks *nt, size_t from, size_t n)
{
	return (names_words_of(nt, from, n, 1));
}

/*
 * Weigh tokens nt[from..from+n) as an entity's name: a vessel's name that
 * is one word, or only common words and proper names, needs a vessel word
 * near it in the text (matcher.c); a person's one-word name ("Hassan", a
 * nickname), any other lone word that is short or common, and initials
 * are capped.  An alias of one word that is a place's or a person's name
 * ("BAIKAL" of an arms maker, "ISIS") counts only in capitals, as an
 * acronym or a list writes it: "Baikal" is the lake or another firm.
 */
static void
names_weigh(struct variant *v, const struct ntoks *nt, size_t from, size_t n)
{
	if (v->kind != PARTY_ENTITY || v->score <= SCORE_CAPPED)
		return;
	if (v->type == ENTITY_VESSEL && (n == 1 ||
	    names_weak_vessel(nt, from, n))) {
		v->rules |= VAR_VESSEL;
		return;
	}
	if (n == 1 && v->method == MATCH_ALIAS && v->type != ENTITY_PERSON &&
	    names_is_proper(nt->skel[from]))
		v->rules |= VAR_CAPS;
	if ((n == 1 && (!names_strong_word(nt, from) ||
	    v->type == ENTITY_PERSON)) || names_initials(nt, from, n)) {
		v->score = SCORE_CAPPED;
		v->rules |= MATCH_R_CAPPED;
	}
}

/*
 * Whether tokens nt[from..from+n) end with a word of kind ("Company") that
 * leaves two words at least that are not everyday words.
 */
static int
names_head_at(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i, words = 0;

	if (n < 3 || !names_set_has(names_head_set, nitems(names_head_set),
	    nt->hash[from + n - 1]))
		return (0);
	for (i = from; i < from + n - 1; i++)
		words += !names_is_common(nt->skel[i]);
	return (words >= 2);
}

/* How many of tokens nt[from..from+n) are no function word. */
static size_t
names_content_words(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i, words = 0;

	for (i = from; i < from + n; i++)
		words += !names_is_function(nt->skel[i]);
	return (words);
}

/*
 * Whether tokens nt[from..from+n) start with a word of kind the press
 * leaves out (names_kinds_first) and the rest, its first no function word,
 * has two words at least that are not everyday words.
 */
static int
names_kind_first(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i, words = 0;

	if (n < 3 || !names_set_has(names_first_set, nitems(names_first_set),
	    nt->hash[from]) || names_is_function(nt->skel[from + 1]))
		return (0);
	for (i = from + 1; i < from + n; i++)
		words += !names_is_common(nt->skel[i]) &&
		    !names_is_function(nt->skel[i]);
	return (words >= 2);
}

/*
 * Tokens nt[from..from+n) with the firm's words of names_abbrevs among the
 * first kinds written the other way, long for short and short for long,
 * into *ab (copied only if one is); how many were.  A kind of firm that
 * starts a name is no kind ("COMPANY FOR ..."), and its other form would
 * stop the scan at every "company" of a text.
 */
static size_t
names_abbreviate(const struct ntoks *nt, size_t from, size_t n,
    size_t kinds, struct ntoks *ab)
{
	size_t	 i, k, side, changed = 0;

	for (i = from; i < from + n; i++) {
		if (!names_set_has(names_abbr_set, nitems(names_abbr_set),
		    nt->hash[i]))
			continue;
		for (k = i == from ? NAMES_KINDS : 0; k < kinds; k++) {
			for (side = 0; side < 2; side++) {
				if (nt->hash[i] == names_abbr[k].hash[side])
					break;
			}
			if (side == 2 || (side == 1 &&
			    names_is_legal(names_abbr[k].skel[1])) ||
			    (side == 0 && k >= NAMES_ABBR_ONEWAY))
				continue;
			if (changed == 0)
				*ab = *nt;
			names_tok_copy(ab, i, &names_abbr[k], 1 - side);
			changed++;
			break;
		}
	}
	return (changed);
}

/*
 * Into *ap, tokens nt[from..from+n) with each word of names_apos_forms,
 * long or short, written with its apostrophe (two tokens); the tokens
 * before from are kept, those after dropped.  Returns how many tokens
 * the run gained, or 0 if none or there is no room.
 */
static size_t
names_apostrophize(const struct ntoks *nt, size_t from, size_t n,
    struct ntoks *ap)
{
	size_t	 i, k, w = from, more = 0;

	*ap = *nt;
	ap->digits = nt->digits & ((1u << from) - 1);
	for (i = from; i < from + n; i++) {
		for (k = 0; k < nitems(names_apos_forms); k++) {
			if (nt->hash[i] == names_apos_long[k][0] ||
			    nt->hash[i] == names_apos_long[k][1])
				break;
		}
		if (w + (k < nitems(names_apos_forms) ? 2 : 1) >
		    MATCHER_MAX_TOKENS)
			return (0);
		if (k == nitems(names_apos_forms)) {
			names_tok_copy(ap, w, nt, i);
			if (nt->digits & 1u << i)
				ap->digits |= 1u << w;
			w++;
			continue;
		}
		names_tok_copy(ap, w++, &names_apos[k], 0);
		names_tok_copy(ap, w++, &names_apos[k], 1);
		more++;
	}
	ap->n = w;
	return (more);
}

/*
 * Into *ab, tokens nt with the last of nt[from..from+n), a name of two
 * words or more, in the number names_plurals gives it; 0 if it has none.
 */
static int
names_number(const struct ntoks *nt, size_t from, size_t n,
    struct ntoks *ab)
{
	size_t	 k, side, last = from + n - 1;

	if (n < 2)
		return (0);
	for (k = 0; k < nitems(names_plurals); k++) {
		for (side = 0; side < 2; side++) {
			if (nt->hash[last] == names_plural[k].hash[side]) {
				*ab = *nt;
				names_tok_copy(ab, last, &names_plural[k],
				    1 - side);
				return (1);
			}
		}
	}
	return (0);
}

/*
 * Add tokens nt[from..from+n), an organisation's name of two words or more
 * ending in a word for one (names_bodies), with each other word the press
 * calls it by (the other spelling left to the skeleton).
 */
static void
names_add_bodies(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v)
{
	struct ntoks	 ab;
	size_t		 k, last = from + n - 1;

	if (n < 2 || v->type != ENTITY_ORGANIZATION)
		return;
	for (k = 0; k < NAMES_BODY_ENDS; k++) {
		if (nt->hash[last] == names_body.hash[k])
			break;
	}
	if (k == NAMES_BODY_ENDS)
		return;
	for (k = NAMES_BODY_ENDS; k < nitems(names_bodies); k++) {
		ab = *nt;
		names_tok_copy(&ab, last, &names_body, k);
		matcher_add_run(m, &ab, from, n, v);
	}
}

/*
 * Add tokens nt[from..from+n) of variant v; and for a firm, the same
 * written as business news writes it (names_abbrevs): its kind short in
 * running text ("Co", "Corp"), every word of the table short in a
 * headline, with an apostrophe on the wire ("Nat'l"); and a group's last
 * word in the other number ("Tamil Tiger"): as likely the listed name
 * itself, at its score, with the rule MATCH_R_ABBREV ("a word written
 * short or long ..., or in the other number").  A form of dictionary words
 * alone in the other number needs evidence (VAR_GENERIC).
 */
static void
names_add_run(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v)
{
	struct ntoks	 ab, ap;
	size_t		 kinds, head, more;
	unsigned	 rules = v->rules;

	matcher_add_run(m, nt, from, n, v);
	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON)
		return;
	v->rules |= MATCH_R_ABBREV;
	if ((kinds = names_abbreviate(nt, from, n, NAMES_KINDS, &ab)) > 0)
		matcher_add_run(m, &ab, from, n, v);
	if ((head = names_abbreviate(nt, from, n, nitems(names_abbrevs),
	    &ab)) > kinds)
		matcher_add_run(m, &ab, from, n, v);
	if ((more = names_apostrophize(head > 0 ? &ab : nt, from, n,
	    &ap)) > 0)
		matcher_add_run(m, &ap, from, n + more, v);
	/*
	 * A name of dictionary words alone in the other number is as often
	 * a phrase ("the Asian tiger economies" of THE ASIAN TIGERS, "the
	 * International Brigades"): it needs evidence, as a name of everyday
	 * words does ("Tamil Tiger rebels" in a story on Sri Lanka).
	 */
	if (v->type != ENTITY_VESSEL && names_number(nt, from, n, &ab)) {
		if (names_dictionary(&ab, from, n))
			v->rules |= VAR_GENERIC;
		matcher_add_run(m, &ab, from, n, v);
	}
	names_add_bodies(m, nt, from, n, v);
	v->rules = rules;
}

/*
 * Add tokens nt[from..from+n), a name less its legal forms, at the stripped
 * score, provided enough of the name remains: two words, or one of five
 * letters or more that is no word of the dictionary, everyday or rarer
 * ("LLC CITADEL" is no "Citadel"; "PJSC SBERBANK" is "Sberbank").  One
 * proper name of the dictionary is a place's, a person's or a firm's
 * ("LLC DRAKE", "SALYUT AO", "PJSC AEROFLOT"): it names the firm only
 * with a word for a firm or a legal form beside it in the text ("the
 * Soviet carrier Aeroflot"; matcher.c, matcher_proper_word).  See
 * names_weigh() for what is weak alone.
 */
static void
names_add_stripped(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v, unsigned stripped)
{
	unsigned	 full = v->score, rules = v->rules;
	int		 proper, generic;

	if (n == nt->n || (n == 1 && (!names_strong_word(nt, from) ||
	    names_set_has(names_rare_set, nitems(names_rare_set),
	    nt->skel[from]))) || names_initials(nt, from, n))
		return;
	proper = n == 1 && names_is_proper(nt->skel[from]);
	if (proper && v->type == ENTITY_VESSEL)
		return;
	v->score = stripped;
	v->rules |= MATCH_R_LEGAL;
	names_weigh(v, nt, from, n);
	generic = !(v->rules & (VAR_VESSEL | MATCH_R_CAPPED)) &&
	    (proper || names_generic(nt, from, n));
	if (generic)
		v->rules |= VAR_GENERIC;
	if (generic || !proper)		/* a proper name only with evidence */
		names_add_run(m, nt, from, n, v);
	v->score = full;
	v->rules = rules;
}

/*
 * Whether tokens nt[from..from+n), a head cut from a longer name, are rare
 * enough to name the party alone: one word that may stand alone (five
 * letters or more, no word of the dictionary), or words of which one has
 * four letters at least and is no word of the dictionary, everyday, rarer
 * or proper ("State Duma", "Al-Khobara"; not "Central Bank", "Fourth
 * Division", "The Auditors", "American Friends", "Investigative
 * Committee", "Federal State Budgetary Institution").
 */
static int
names_rare_head(const struct ntoks *nt, size_t from, size_t n)
{
	size_t	 i;

	if (n == 1)
		return (names_strong_word(nt, from) &&
		    !names_is_proper(nt->skel[from]) &&
		    !names_set_has(names_rare_set, nitems(names_rare_set),
		    nt->skel[from]));
	for (i = from; i < from + n; i++) {
		if (nt->flen[i] >= 4 && !names_is_common(nt->skel[i]) &&
		    !names_is_function(nt->skel[i]) &&
		    !names_is_proper(nt->skel[i]) &&
		    !names_set_has(names_rare_set, nitems(names_rare_set),
		    nt->skel[i]))
			return (1);
	}
	return (0);
}

/*
 * The country whose name or adjective the word w[0..n) is (its ISO code,
 * country_lookup), or NULL; remembered by the word: a list's names start
 * and end with a few hundred words ("LLC", "LIMITED", "COMPANY") again
 * and again.
 */
static const char *
names_country_word(const char *w, size_t n)
{
	static _Thread_local struct {
		char		 w[16];
		const char	*cc;
	}		 memo[256];
	char		 word[64];
	uint32_t	 h = 2166136261u;
	size_t		 i;

	if (n == 0 || n >= sizeof word || !country_word_maybe(w, n))
		return (NULL);
	memcpy(word, w, n);
	word[n] = '\0';
	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)word[i]) * 16777619u;
	i = h % nitems(memo);
	if (n >= sizeof memo[i].w)
		return (country_lookup(word));
	if (memo[i].w[0] == '\0' || strcmp(memo[i].w, word) != 0) {
		memcpy(memo[i].w, word, n + 1);
		memo[i].cc = country_lookup(word);
	}
	return (memo[i].cc);
}

/* Whether a name's first word is a country's name or adjective. */
static int
names_place_first(const char *name)
{
	name += strspn(name, " \t");
	return (names_country_word(name, strcspn(name, " \t-")) != NULL);
}

/*
 * An organisation's name of the form "HEAD of/for TAIL", the tail two
 * words or more, is written by the press as its head alone: "STATE DUMA
 * OF THE FEDERAL ASSEMBLY OF THE RUSSIAN FEDERATION" as "the State Duma",
 * "AL-KHOBARA FOR ACCOUNTING, AUDITING, AND STUDIES" as "Al-Khobara".  Add
 * the head, tokens nt[from..), 0.05 under the stripped score with the rule
 * "part left out", where it is rare enough (names_rare_head): "BANK OF
 * ..." or "CENTRAL BANK OF ..." has no head of its own.  Where another
 * party is listed under the head, that name wins (matcher_beaten).
 */
static void
names_add_head(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v, unsigned stripped)
{
	unsigned	 full = v->score, rules = v->rules;
	size_t		 i;

	if (v->kind != PARTY_ENTITY || v->type != ENTITY_ORGANIZATION ||
	    (v->rules & VAR_NOHEAD))
		return;
	for (i = from + 1; i + 2 < from + n; i++) {
		if (names_set_has(names_cut_set, nitems(names_cut_set),
		    nt->hash[i]))
			break;
	}
	/*
	 * A long firm's name with no of/for is shortened by the press to its
	 * first two words where the first alone is rare and the second names
	 * its trade ("SEPEHR ENERGY JAHAN NAMA PARS COMPANY" as "Sepehr
	 * Energy"; not "National Iranian", "Societe Generale", "Banco
	 * Central").  They are as often its parent's name, which the news is
	 * full of ("COSCO SHIPPING SEAMAN SHP MGMT" is no "Cosco Shipping"):
	 * weak alone (VAR_HEAD), they need a party of its program or
	 * sanctions words, not its country (matcher.c, alert.c).
	 */
	if (i + 2 >= from + n && n >= 4 && from == 0 &&
	    names_rare_head(nt, from, 1) && names_set_has(names_trade_set,
	    nitems(names_trade_set), nt->hash[from + 1]) &&
	    strchr(v->name, '(') == NULL) {
		i = from + 2;
		v->rules |= VAR_HEAD;
	} else if (i + 2 >= from + n || !names_rare_head(nt, from, i - from) ||
	    names_initials(nt, from, i - from))
		return;
	/*
	 * Not a head that names a place: "KURCHALOI DISTRICT OF THE CHECHEN
	 * REPUBLIC BRANCH ..." is no "Kurchaloi District", "BELARUSIAN STATE
	 * CONCERN FOR OIL ..." no "Belarusian State Concern".
	 */
	if ((from == 0 && names_place_first(v->name)) ||
	    names_set_has(names_area_set, nitems(names_area_set),
	    nt->hash[i - 1])) {
		v->rules = rules;
		return;
	}
	v->score = stripped - 50;
	v->rules |= MATCH_R_PAREN;
	matcher_add_run(m, nt, from, i - from, v);
	v->score = full;
	v->rules = rules;
}

/*
 * An armed group's name that ends with "Group" or "Organization" is
 * written by the press without it, the rest naming its founder or its
 * place ("ABU SAYYAF GROUP" as "Abu Sayyaf guerrillas", "ABU NIDAL
 * ORGANIZATION" as "the Abu Nidal group").  Add the rest of tokens
 * nt[from..from+n), two words at least that are no function word and not
 * all everyday ones, as a part left out, weak alone (VAR_HEAD): a word
 * for the group's men after it ("rebels"), a party of its program or
 * sanctions words give it back.  Where a person is listed under the rest
 * ("USAMA BIN LADEN ORGANIZATION"), the person's name wins
 * (matcher_beaten).  Not a rest that is one Arabic name of a given name
 * very many bear ("ABU AHMED GROUP"): a shopkeeper is called so.
 */
static void
names_add_group(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v, unsigned stripped)
{
	unsigned	 full = v->score, rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type != ENTITY_ORGANIZATION ||
	    n < 3 || !names_set_has(names_group_set, nitems(names_group_set),
	    nt->hash[from + n - 1]))
		return;
	if (names_content_words(nt, from, n - 1) < 2 ||
	    names_generic(nt, from, n - 1) ||
	    names_initials(nt, from, n - 1))
		return;
	/* "ABU AHMED GROUP": "Abu Ahmed" is any man called so. */
	if (n == 3 && names_is_compound_head(nt->hash[from]) &&
	    names_is_popname(nt->hash[from + 1]))
		return;
	v->score = stripped - 50;
	v->rules |= MATCH_R_PAREN | VAR_HEAD;
	matcher_add_run(m, nt, from, n - 1, v);
	v->score = full;
	v->rules = rules;
}

/*
 * A body's name that starts with an article is written without it as
 * often: "LA COMPANIA GENERAL DE NIQUEL" as "Compania General de Niquel",
 * "THE NICKEL COMPANY OF CUBA" as "Nickel Company of Cuba said".  Add
 * nt[1..n) at the stripped score, weighed as itself, where two words at
 * least remain.  Not a person's: "EL HABHAB, Redouane" is an Arabic
 * surname's article (names_add_article).
 */
static void
names_add_articleless(struct matcher *m, const struct ntoks *nt, size_t n,
    struct variant *v, unsigned stripped)
{
	unsigned	 full = v->score, rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON || n < 3 ||
	    !names_set_has(names_article_set, nitems(names_article_set),
	    nt->hash[0]))
		return;
	v->score = stripped;
	names_weigh(v, nt, 1, n - 1);
	if (!(v->rules & (VAR_VESSEL | MATCH_R_CAPPED)) &&
	    names_generic(nt, 1, n - 1))
		v->rules |= VAR_GENERIC;
	names_add_run(m, nt, 1, n - 1, v);
	v->score = full;
	v->rules = rules;
}

/*
 * A long name is often written without the articles inside it: "CENTRAL
 * BANK OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA" as "Central Bank of
 * Democratic People's Republic of Korea".  Add nt without them, if it has
 * one and five words at least.
 */
static void
names_add_theless(struct matcher *m, const struct ntoks *nt,
    struct variant *v)
{
	size_t	 idx[MATCHER_MAX_TOKENS], i, k = 0;

	if (nt->n < 5)
		return;
	for (i = 0; i < nt->n; i++) {
		if (i == 0 || nt->hash[i] != names_the)
			idx[k++] = i;
	}
	if (k < nt->n)
		matcher_add(m, nt, idx, k, v);
}

/*
 * A bank's name of two words, "Bank" and a word no dictionary has, is
 * written by the press in either order: "BANK SEPAH" as "Sepah Bank",
 * "OTKRITIE BANK" as "Bank Otkritie".  Add tokens nt[from], nt[from+1]
 * the other way round, at the stripped score, as a word written another
 * way (MATCH_R_ABBREV).
 */
static void
names_add_swapped(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v, unsigned stripped)
{
	unsigned	 full = v->score, rules = v->rules;
	size_t		 idx[2] = { from + 1, from }, k;

	if (n != 2 || v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON ||
	    v->type == ENTITY_VESSEL)
		return;
	if (nt->hash[from] == names_bank_hash)
		k = from + 1;
	else if (nt->hash[from + 1] == names_bank_hash)
		k = from;
	else
		return;
	if (nt->flen[k] < 4 || names_is_common(nt->skel[k]) ||
	    names_is_rare(nt->skel[k]) || names_is_proper(nt->skel[k]) ||
	    names_is_function(nt->skel[k]))
		return;
	v->score = stripped;
	v->rules |= MATCH_R_ABBREV | (n < nt->n ? MATCH_R_LEGAL : 0);
	matcher_add(m, nt, idx, 2, v);
	v->score = full;
	v->rules = rules;
}

/*
 * A ministry of two things, the words nt[at+2..and) before "and", called
 * by the first, as names_add_ministry writes one thing ("IRANIAN MINISTRY
 * OF INTELLIGENCE AND SECURITY", "Iran's Intelligence Ministry";
 * "MINISTRY OF DEFENSE AND ARMED FORCES LOGISTICS", "Iran's Defense
 * Ministry"): with the words from nt[from] before "Ministry" and without
 * them, 0.05 under, as another ministry's words are weighed (their
 * country decides which it is, alert.c).
 */
static void
names_add_ministry_of(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t at, size_t and, struct variant *v)
{
	unsigned	 rules = v->rules, score = v->score;
	size_t		 idx[6], i, k, f;

	for (f = from; ; f = at) {
		k = 0;
		for (i = f; i < at; i++)
			idx[k++] = i;
		for (i = at + 2; i < and; i++)
			idx[k++] = i;
		idx[k++] = at;
		v->score = score - 50;
		v->rules = rules | MATCH_R_ABBREV;
		if ((f == at || names_generic(nt, f, at - f)) &&
		    names_generic(nt, at + 2, and - at - 2))
			v->rules |= VAR_GENERIC;
		matcher_add(m, nt, idx, k, v);
		if (f == at)
			break;
	}
	v->score = score;
	v->rules = rules;
}

/*
 * A ministry's name, "Ministry of" and one to three words (no function
 * word), as the press writes it: "MINISTRY OF STATE SECURITY" as "State
 * Security Ministry", "MINISTRY OF PETROLEUM" as "Petroleum Ministry" and
 * "Oil Ministry"; after a country's adjective or possessive, a form of
 * names_add_of_adjective, that stays first ("Russia's Finance Ministry").
 * Add tokens nt[from..from+n) so, at the name's score, as a word written
 * another way (MATCH_R_ABBREV); everyday words need evidence, as the name
 * does.  A ministry of two things: names_add_ministry_of.
 */
static void
names_add_ministry(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v)
{
	struct ntoks	 ab;
	unsigned	 rules = v->rules;
	size_t		 idx[6], i, k = 0, at, end = from + n;

	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON ||
	    v->type == ENTITY_VESSEL)
		return;
	/* After a country's adjective or possessive, kept first. */
	for (at = from; at < from + 3 && at + 2 < end; at++) {
		if (nt->hash[at] == names_ministry.hash[0] &&
		    nt->hash[at + 1] == names_ministry.hash[1])
			break;
	}
	if (at + 2 >= end || at == from + 3)
		return;
	for (i = at + 2; i < end && i < at + 6; i++) {
		if (nt->hash[i] == names_and_hash && i > at + 2 &&
		    i + 1 < end) {
			names_add_ministry_of(m, nt, from, at, i, v);
			return;
		}
		if (names_is_function(nt->skel[i]) || nt->flen[i] < 3)
			break;
	}
	if (end - at > 5)
		return;
	for (i = from; i < at; i++)
		idx[k++] = i;
	for (i = at + 2; i < end; i++) {
		if (names_is_function(nt->skel[i]) || nt->flen[i] < 3)
			return;
		idx[k++] = i;
	}
	idx[k++] = at;
	v->rules |= MATCH_R_ABBREV;
	if (names_generic(nt, from, n))
		v->rules |= VAR_GENERIC;
	matcher_add(m, nt, idx, k, v);
	if (end - at == 3 && nt->hash[at + 2] == names_ministry.hash[2]) {
		ab = *nt;
		names_tok_copy(&ab, at + 2, &names_ministry, 3);
		matcher_add(m, &ab, idx, k, v);
	}
	v->rules = rules;
}

/*
 * Note a group whose name or alias calls it dissidents ("FARC DISSIDENTS
 * FARC-EP"): its hits are weighed again (alert.c, alert_dissidents).
 */
static void
names_note_splinter(struct matcher *m, const struct ntoks *nt,
    const struct variant *v)
{
	size_t	 i;

	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON)
		return;
	for (i = 0; i < nt->n; i++) {
		if (names_set_has(names_splinter_set,
		    nitems(names_splinter_set), nt->hash[i])) {
			matcher_note_splinter(m, v->party);
			return;
		}
	}
}

/*
 * Add name[0..len) and, if it carries legal forms at either end, the name
 * without them (and without the outermost one alone).  A part of a name
 * (quiet) gives no warnings.
 */
static void
names_add_part(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped, int quiet)
{
	struct ntoks	 nt;
	size_t		 lead, trail, outer;
	unsigned	 full = v->score, rules = v->rules;

	names_cut(name, len, &nt, MATCHER_MAX_TOKENS);
	if (nt.n == 0) {
		if (!quiet)
			names_warn(m, v, "has no letters or digits");
		return;
	}
	names_note_splinter(m, &nt, v);
	/* A person's "SA" is no legal form ("BIN LADEN, Sa'ad"). */
	if (v->type == ENTITY_PERSON)
		lead = trail = outer = 0;
	else
		names_legal_span(&nt, &lead, &trail, &outer);
	if (lead + trail == nt.n) {
		if (!quiet)
			names_warn(m, v, "is only a legal form");
		return;
	}
	names_weigh(v, &nt, 0, nt.n);
	if (lead + trail == 0 && !(v->rules & (VAR_VESSEL | MATCH_R_CAPPED)) &&
	    names_generic(&nt, 0, nt.n))
		v->rules |= VAR_GENERIC;
	names_add_run(m, &nt, 0, nt.n, v);
	v->score = full;
	v->rules = rules;
	names_add_stripped(m, &nt, lead, nt.n - lead - trail, v, stripped);
	if (names_head_at(&nt, lead, nt.n - lead - trail))
		names_add_stripped(m, &nt, lead, nt.n - lead - trail - 1, v,
		    stripped);
	if (names_kind_first(&nt, lead, nt.n - lead - trail))
		names_add_stripped(m, &nt, lead + 1, nt.n - lead - trail - 1,
		    v, stripped);
	/* "TEHRAN GOSTARESH COMPANY, P.J.S." as "Tehran Gostaresh Company". */
	if (trail > outer)
		names_add_stripped(m, &nt, lead, nt.n - lead - outer, v,
		    stripped);
	names_add_head(m, &nt, lead, nt.n - lead - trail, v, stripped);
	/* A firm's "Group", after a legal form, is no armed group's. */
	if (lead + trail == 0)
		names_add_group(m, &nt, 0, nt.n, v, stripped);
	names_add_swapped(m, &nt, lead, nt.n - lead - trail, v, stripped);
	names_add_ministry(m, &nt, lead, nt.n - lead - trail, v);
	names_add_theless(m, &nt, v);
	if (lead == 0) {
		names_add_articleless(m, &nt, nt.n, v, stripped);
		if (trail > 0)
			names_add_articleless(m, &nt, nt.n - trail, v,
			    stripped);
	}
}


/*
 * An organisation's name with a qualifier after a spaced dash, a faction,
 * a branch or a people's army ("REVOLUTIONARY ARMED FORCES OF COLOMBIA -
 * PEOPLE'S ARMY", "PALESTINE ISLAMIC JIHAD - SHAQAQI FACTION", "Islamic
 * State in Iraq and the Levant – West Africa"), is written by the press
 * without it: add name[0..len) up to its first " - " or " – " before any
 * parenthesis, as a part left out, where two words at least that are no
 * function word remain of it without its legal forms ("TRANSNEFT -
 * SIBIR", "SBERBANK - TECHNOLOGY" and "PFLP - GENERAL COMMAND" leave one:
 * a parent's name, or another's), not all everyday words ("RESEARCH
 * INSTITUTE - 2" is a designation).
 * Where the head is another party's listed name, that one wins
 * (matcher_beaten).
 */
static void
names_add_dash(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped)
{
	struct ntoks	 nt;
	const char	*s;
	size_t		 i, lead, trail, outer;
	unsigned	 full = v->score, rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type != ENTITY_ORGANIZATION)
		return;
	/*
	 * Initials with a short suffix after a hyphen ("FARC-EP") are
	 * written without it ("FARC rebels"); as initials, weak alone.
	 * Where another party is listed under them ("PFLP-GC", "ISIL-K"),
	 * that one wins.
	 */
	for (i = 0; i < len && name[i] >= 'A' && name[i] <= 'Z'; i++)
		;
	s = name + i;
	if (i < len && *s == '-')
		for (s++; s < name + len && *s >= 'A' && *s <= 'Z'; s++)
			;
	if (i >= 3 && i <= 6 && i + 2 <= len && name[i] == '-' &&
	    len - i - 1 <= 3 && s == name + len) {
		v->score = stripped;
		v->rules |= MATCH_R_PAREN;
		names_add_part(m, name, i, v, stripped, 1);
		v->score = full;
		v->rules = rules;
		return;
	}
	for (s = name; s + 2 < name + len && *s != '('; s++) {
		if (s[0] == ' ' && s[1] == '-' && s[2] == ' ')
			break;
		if (s + 4 < name + len && s[0] == ' ' &&
		    memcmp(s + 1, "\xe2\x80\x93 ", 4) == 0)
			break;
	}
	if (s + 2 >= name + len || *s == '(')
		return;
	/*
	 * The article before the whole name is no part of the head: "THE
	 * ISLAMIC STATE OF IRAQ AND SYRIA - KHORASAN" has "Islamic State of
	 * Iraq and Syria", which ISIL's alias of these words then beats.
	 */
	if (s - name > 4 && strncasecmp(name, "the ", 4) == 0)
		name += 4;
	names_cut(name, (size_t)(s - name), &nt, MATCHER_MAX_TOKENS);
	names_legal_span(&nt, &lead, &trail, &outer);
	if (names_content_words(&nt, lead, nt.n - lead - trail) < 2 ||
	    names_generic(&nt, lead, nt.n - lead - trail))
		return;
	v->score = stripped;
	v->rules |= MATCH_R_PAREN;
	names_add_part(m, name, (size_t)(s - name), v, stripped, 1);
	v->score = full;
	v->rules = rules;
}

/*
 * Whether a[0..alen), letters, digits and hyphens of three letters or
 * more in capitals, is an acronym of name[0..len): its letters, in order,
 * the initials of words of the name, some words left out ("AQAP" of
 * "AL-QAIDA IN THE ARABIAN PENINSULA", "AAS-T" of "ANSAR AL-SHARI'A IN
 * TUNISIA"; not "PASDARAN" of "AIR FORCE, IRGC").
 */
static int
names_acronym_of(const char *name, size_t len, const char *a, size_t alen)
{
	size_t		 i, j = 0, letters = 0;
	int		 start = 1;
	unsigned char	 c;

	for (i = 0; i < alen; i++) {
		c = (unsigned char)a[i];
		if (c >= 'A' && c <= 'Z')
			letters++;
		else if (c != '-' && (c < '0' || c > '9'))
			return (0);
	}
	if (letters < 3)
		return (0);
	for (i = 0; i < alen; i++) {
		c = (unsigned char)a[i];
		if (c < 'A' || c > 'Z')
			continue;
		for (; j < len; j++) {
			if (start && ((unsigned char)name[j] == c ||
			    (unsigned char)name[j] == c + ('a' - 'A')))
				break;
			start = strchr(" -/'", name[j]) != NULL;
		}
		if (j == len)
			return (0);
		start = 0;
		j++;
	}
	return (1);
}

/*
 * Whether an acronym a[0..alen) is a word of the dictionary or a proper
 * name ("ITS", "AERO", "ROADS"): alone it would be the word.
 */
static int
names_word_acronym(const char *a, size_t alen)
{
	struct ntoks	 w;

	names_cut(a, alen, &w, 2);
	return (w.n == 1 && (names_is_common(w.skel[0]) ||
	    names_is_rare(w.skel[0]) || names_is_proper(w.skel[0]) ||
	    names_is_function(w.skel[0])));
}

/*
 * A name with initials written with dots and no space ("KAVE, S.A.",
 * "IRANIAN OIL COMPANY (U.K.) LIMITED", "BANK FOR FOREIGN TRADE OF THE
 * U.S.S.R.") is also found with them run together, as the press writes
 * them ("Kave SA", "USSR"), at its own score.
 */
static void
names_add_undotted(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped)
{
	char		*buf;
	size_t		 i, n = 0;
	int		 changed = 0;

	if (memchr(name, '.', len) == NULL)
		return;
	buf = xmalloc(len + 1);
	for (i = 0; i < len; i++) {
		/* A letter alone, a dot, and a letter alone right after. */
		if (name[i] == '.' && i > 0 && isalpha((unsigned char)name[i -
		    1]) && (i < 2 || !isalnum((unsigned char)name[i - 2])) &&
		    ((i + 2 < len && isalpha((unsigned char)name[i + 1]) &&
		    (name[i + 2] == '.' || i + 3 > len)) || (i >= 3 &&
		    name[i - 2] == '.' && isalpha((unsigned char)name[i -
		    3])))) {
			changed = 1;
			continue;
		}
		buf[n++] = name[i];
	}
	if (changed)
		names_add_part(m, buf, n, v, stripped, 1);
	free(buf);
}

/*
 * A name with one part in brackets inside it, a place or initials before
 * its legal form ("IRANIAN OIL COMPANY (U.K.) LIMITED", "NAFTIRAN
 * INTERTRADE CO. (NICO) LIMITED", "QODS (JERUSALEM) FORCE OF THE IRGC"),
 * is also found without that part ("Iranian Oil Company Limited"), at the
 * stripped score, "part of the name left out".
 */
static void
names_add_inner(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped)
{
	const char	*open, *close, *rest, *end = name + len;
	char		*buf;
	size_t		 n;
	unsigned	 full = v->score;

	if ((open = memchr(name, '(', len)) == NULL || open == name ||
	    (close = memchr(open, ')', (size_t)(end - open))) == NULL)
		return;
	for (rest = close + 1; rest < end && (*rest == ' ' || *rest == '\t');
	    rest++)
		;
	if (rest == end || memchr(rest, '(', (size_t)(end - rest)) != NULL ||
	    memchr(open + 1, '(', (size_t)(close - open - 1)) != NULL)
		return;
	n = (size_t)(open - name);
	buf = xmalloc(len + 1);
	memcpy(buf, name, n);
	buf[n++] = ' ';
	memcpy(buf + n, rest, (size_t)(end - rest));
	n += (size_t)(end - rest);
	v->score = stripped;
	v->rules |= MATCH_R_PAREN;
	names_add_part(m, buf, n, v, stripped, 1);
	v->score = full;
	v->rules &= ~MATCH_R_PAREN;
	free(buf);
}

/*
 * Add name[0..len).  One that ends with a part in parentheses, an acronym,
 * a translation or a place ("SYRIAN ARAB AIRLINES (SAA)", "AL-HARAMAIN
 * FOUNDATION (PAKISTAN)"), is also the name without it, at the stripped
 * score and under the same rules; the part alone is no variant ("Pakistan"
 * names no foundation), but for an acronym of the name ("AQAP" of
 * "AL-QAIDA IN THE ARABIAN PENINSULA (AQAP)"; not a word, "ITS"), an
 * alias at the stripped score that the text must write in capitals, weak
 * alone if short as any initials.
 */
static void
names_add_forms(struct matcher *m, const char *name, size_t len,
    struct variant *v, unsigned stripped, int quiet)
{
	const char	*open, *close;
	unsigned	 full = v->score;
	enum match_method method;

	names_add_part(m, name, len, v, stripped, quiet);
	names_add_dash(m, name, len, v, stripped);
	names_add_inner(m, name, len, v, stripped);
	names_add_undotted(m, name, len, v, stripped);
	close = name + len;
	while (close > name && (close[-1] == ' ' || close[-1] == '\t'))
		close--;
	if (close == name || close[-1] != ')' ||
	    (open = memrchr(name, '(', (size_t)(close - name))) == NULL ||
	    open == name || memchr(open, ')', (size_t)(close - 1 - open)) != NULL)
		return;
	v->score = stripped;
	v->rules |= MATCH_R_PAREN;
	names_add_part(m, name, (size_t)(open - name), v, stripped, 1);
	v->score = full;
	v->rules &= ~MATCH_R_PAREN;
	if (names_acronym_of(name, (size_t)(open - name), open + 1,
	    (size_t)(close - 1 - open - 1)) && !names_word_acronym(open + 1,
	    (size_t)(close - 1 - open - 1))) {
		method = v->method;
		v->method = MATCH_ALIAS;
		v->score = stripped;
		v->rules |= VAR_CAPS;
		names_add_part(m, open + 1, (size_t)(close - 1 - open - 1), v,
		    stripped, 1);
		v->rules &= ~VAR_CAPS;
		v->method = method;
		v->score = full;
	}
}

/*
 * The length of an apostrophe at s[i] (', U+2019, U+2018, U+02BC, U+02BE,
 * U+02BF), or 0.
 */
static size_t
names_apostrophe(const unsigned char *s, size_t i, size_t len)
{
	if (s[i] == '\'' || s[i] == '`')
		return (1);
	if (i + 2 < len && s[i] == 0xe2 && s[i + 1] == 0x80 &&
	    (s[i + 2] == 0x99 || s[i + 2] == 0x98))
		return (3);
	if (i + 1 < len && s[i] == 0xca &&
	    (s[i + 1] == 0xbc || s[i + 1] == 0xbe || s[i + 1] == 0xbf))
		return (2);
	return (0);
}

/*
 * The name without the apostrophes inside its words (the ayn or hamza of
 * a transliteration: "AL QA'IDA", "JAMA'AT"), in *len, or NULL if it has
 * none; the caller frees it.
 */
static char *
names_bare(const char *name, size_t *len)
{
	const unsigned char	*s = (const unsigned char *)name;
	char			*bare;
	size_t			 n, i, k, out = 0;
	int			 found = 0;

	/* Nearly every name has no byte an apostrophe starts with. */
	if (strpbrk(name, "'`\xe2\xca") == NULL)
		return (NULL);
	n = strlen(name);
	for (i = 1; i + 1 < n && !found; i++) {
		k = names_apostrophe(s, i, n);
		found = k > 0 && i + k < n && s[i - 1] != ' ' &&
		    s[i + k] != ' ' && s[i + k] != ',';
	}
	if (!found)
		return (NULL);
	bare = xmalloc(n + 1);
	for (i = 0; i < n; i += k > 0 ? k : 1) {
		k = names_apostrophe(s, i, n);
		if (k == 0)
			bare[out++] = name[i];
	}
	bare[out] = '\0';
	*len = out;
	return (bare);
}

/*
 * Whether the words at name[a..b) and name[c..d) are "import" and
 * "export", either way round: the pair trading firms' names join by a
 * slash, a hyphen, "and" or "&", each list and paper its own way.
 */
static int
names_trade_pair(const char *name, size_t a, size_t b, size_t c, size_t d)
{
	return (b - a == 6 && d - c == 6 &&
	    ((strncasecmp(name + a, "import", 6) == 0 &&
	    strncasecmp(name + c, "export", 6) == 0) ||
	    (strncasecmp(name + a, "export", 6) == 0 &&
	    strncasecmp(name + c, "import", 6) == 0)));
}

/*
 * Whether a name may have a pair names_rejoined reads: a slash, or
 * "export" (found by its "x", which few names have).
 */
static int
names_has_pair(const char *name)
{
	const char	*p;

	if (strchr(name, '/') != NULL)
		return (1);
	for (p = name; (p = strpbrk(p, "xX")) != NULL; p++) {
		if (strncasecmp(p + 1, "port", 4) == 0)
			return (1);
	}
	return (0);
}

/*
 * A body's name of two words the list joins one way and the press
 * another: two words joined by a slash ("SALES/SERVICE") are also joined
 * by "and"; "IMPORT-EXPORT", "IMPORT/EXPORT", "IMPORT AND EXPORT" and
 * "IMPORT & EXPORT" are each the others ("Import and Export",
 * "Import-Export": the hyphen cuts no token, so that form is the two
 * words).  Only in a name of three words at least, between words of
 * three letters or more; NULL if the name has no such pair ("AL-QAIDA",
 * "MOLOT-ORUZHIE" keep their hyphens).
 */
static char *
names_rejoined(const char *name)
{
	const unsigned char	*s = (const unsigned char *)name;
	struct ntoks		 nt;
	char			*out;
	size_t			 n = strlen(name), i, o = 0, a, b, e;
	int			 found = 0;

	if (!names_has_pair(name))
		return (NULL);
	out = xmalloc(2 * n + 8);
	for (i = 0; i < n; i++) {
		if (s[i] != '/' && s[i] != '-' && s[i] != ' ') {
			out[o++] = name[i];
			continue;
		}
		for (a = i; a > 0 && isalpha(s[a - 1]); a--)
			;
		for (b = i + 1; b < n && isalpha(s[b]); b++)
			;
		if ((s[i] == '/' || (s[i] == '-' &&
		    names_trade_pair(name, a, i, i + 1, b))) &&
		    i - a >= 3 && b - (i + 1) >= 3) {
			memcpy(out + o, " AND ", 5);
			o += 5;
			found = 1;
			continue;
		}
		if (s[i] == ' ' && i > 0 && isalpha(s[i - 1]) &&
		    (strncasecmp(name + i, " and ", 5) == 0 ||
		    strncmp(name + i, " & ", 3) == 0)) {
			b = i + (name[i + 1] == '&' ? 3 : 5);
			for (e = b; e < n && isalpha(s[e]); e++)
				;
			if (names_trade_pair(name, a, i, b, e)) {
				out[o++] = ' ';
				i = b - 1;
				found = 1;
				continue;
			}
		}
		out[o++] = name[i];
	}
	out[o] = '\0';
	names_cut(out, o, &nt, MATCHER_MAX_TOKENS);
	if (!found || nt.n < 3) {
		free(out);
		return (NULL);
	}
	return (out);
}

/*
 * The names of a country a body's name may end with after "of", each
 * group one country's, in lower case, the first of a group as written
 * after "of" in lists and news ("the"), the others as news writes them
 * too; a NULL ends a group (names_add_countries).  Those of the countries
 * the lists name their state bodies after.
 */
static const char *const names_country_forms[] = {
	"the russian federation", "russia", NULL,
	"the islamic republic of iran", "iran", NULL,
	"the democratic people's republic of korea", "the dprk",
	"north korea", NULL,
	"the syrian arab republic", "syria", NULL,
	"the republic of belarus", "belarus", NULL,
	"the bolivarian republic of venezuela", "venezuela", NULL,
	"the republic of cuba", "cuba", NULL,
	"the republic of the union of myanmar", "myanmar", "burma", NULL,
	"the republic of iraq", "iraq", NULL,
	"the u.s.s.r.", "the ussr", "the soviet union", NULL,
};

/*
 * A state body's or a firm's name that ends with "of" and its country is
 * written by the press with the country's other names: "FOREIGN TRADE BANK
 * OF THE DEMOCRATIC PEOPLE'S REPUBLIC OF KOREA" as "Foreign Trade Bank of
 * North Korea", "MINISTRY OF DEFENSE OF BURMA" as "Ministry of Defense of
 * Myanmar", "BANK FOR FOREIGN TRADE OF THE U.S.S.R." as "... of the
 * Soviet Union".  Add name with each other name of its country, as a word
 * written another way (MATCH_R_ABBREV), and with no head cut from it
 * (VAR_NOHEAD): "EXIMBANK OF THE RUSSIAN FEDERATION", which the list
 * writes "EXIMBANK OF RUSSIA", is no "Eximbank", the American one.
 */
static void
names_add_countries(struct matcher *m, const char *name, struct variant *v,
    unsigned stripped)
{
	const char *const	*f, *const *g, *const *group;
	const char		*tail;
	char			*other;
	size_t			 len = strlen(name), n, k;
	unsigned		 rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON ||
	    v->type == ENTITY_VESSEL || v->type == ENTITY_AIRCRAFT ||
	    strcasestr(name, " of ") == NULL)	/* most names */
		return;
	group = names_country_forms;
	for (f = group; f < names_country_forms +
	    nitems(names_country_forms); f++) {
		if (*f == NULL) {
			group = f + 1;
			continue;
		}
		n = strlen(*f);
		if (len < n + 4)
			continue;
		tail = name + len - n;
		if (strncasecmp(tail - 4, " of ", 4) != 0 ||
		    strncasecmp(tail, *f, n) != 0)
			continue;
		/*
		 * A short name after "of the" ("... OF THE IRAQ") is no
		 * country's name as the table writes it: left as it is.
		 */
		if (strncmp(*f, "the ", 4) != 0 && len >= n + 8 &&
		    strncasecmp(tail - 8, " of the ", 8) == 0)
			continue;
		v->rules |= MATCH_R_ABBREV | VAR_NOHEAD;
		for (g = group; *g != NULL; g++) {
			if (g == f)
				continue;
			k = (size_t)(tail - name);
			other = xasprintf("%.*s%s", (int)k, name, *g);
			names_add_forms(m, other, strlen(other), v, stripped,
			    1);
			free(other);
		}
		v->rules = rules;
		return;
	}
}

static int	names_cut_end(const struct ntoks *, size_t);

/*
 * A country's names after "of" with its adjective: each name of an
 * adjective group of names_adjective_forms, and the names
 * names_country_forms gives that country ("the islamic republic of
 * iran" with "iranian"), made once (names_tables).
 */
struct of_form {
	const char	*form;
	const char	*adj;
	const char	*last;		/* its last word */
	size_t		 nlast;
};
static struct of_form	names_of_forms[64];
static size_t		names_nof_forms;
static uint64_t		names_of_lens[26];	/* last words' lengths */

static void
names_of_form(const char *form, const char *adj)
{
	struct of_form	*f;
	size_t		 i;

	for (i = 0; i < names_nof_forms; i++) {
		if (strcmp(names_of_forms[i].form, form) == 0)
			return;
	}
	if (names_nof_forms < nitems(names_of_forms)) {
		f = &names_of_forms[names_nof_forms++];
		f->form = form;
		f->adj = adj;
		f->last = strrchr(form, ' ') != NULL ? strrchr(form, ' ') + 1 :
		    form;
		f->nlast = strlen(f->last);
		if (f->last[0] >= 'a' && f->last[0] <= 'z' && f->nlast < 64)
			names_of_lens[f->last[0] - 'a'] |= 1ULL << f->nlast;
	}
}

/* Fill names_of_forms. */
static void
names_of_forms_init(void)
{
	const char *const	*a, *const *c, *const *end, *const *f;
	const char *const	*group;

	for (a = names_adjective_forms; a < names_adjective_forms +
	    nitems(names_adjective_forms); a = end + 1) {
		for (end = a + 1; *end != NULL; end++)
			names_of_form(*end, *a);
		group = names_country_forms;
		for (f = names_country_forms; f < names_country_forms +
		    nitems(names_country_forms); f++) {
			if (*f == NULL) {
				group = f + 1;
				continue;
			}
			for (c = a + 1; c < end && strcmp(*c, *f) != 0; c++)
				;
			if (c < end) {
				for (f = group; *f != NULL; f++)
					names_of_form(*f, *a);
				break;
			}
		}
	}
}

/*
 * Whether name[0..len) ends with the last word of a country's name of
 * names_of_forms: most names do not, and are not read further.
 */
static int
names_of_last(const char *name, size_t len)
{
	const struct of_form	*f;
	const char		*w;
	size_t			 i, n;
	int			 c;

	for (w = name + len; w > name && w[-1] != ' '; w--)
		;
	n = (size_t)(name + len - w);
	c = (unsigned char)w[0] | 0x20;
	if (n == 0 || n >= 64 || w == name || c < 'a' || c > 'z' ||
	    !(names_of_lens[c - 'a'] >> n & 1))
		return (0);
	for (i = 0; i < names_nof_forms; i++) {
		f = &names_of_forms[i];
		if (f->nlast == n && (w[0] | 0x20) == f->last[0] &&
		    strncasecmp(w, f->last, n) == 0)
			return (1);
	}
	return (0);
}

/* The adjective of the country tail names (names_of_forms), or NULL. */
static const char *
names_of_country(const char *tail)
{
	size_t	 i;

	for (i = 0; i < names_nof_forms; i++) {
		if ((tail[0] | 0x20) == names_of_forms[i].form[0] &&
		    strcasecmp(tail, names_of_forms[i].form) == 0)
			return (names_of_forms[i].adj);
	}
	return (NULL);
}

/*
 * A body's name that ends with "of" and its country is written by the
 * press with the country's adjective first: "GRAIN BOARD OF IRAQ" as
 * "Iraqi Grain Board", "CENTRAL BANK OF THE ISLAMIC REPUBLIC OF IRAN" as
 * "Iranian Central Bank", or its name's possessive ("Iraq's Grain
 * Board") or its name alone, as headlines write it ("IRAN CENTRAL BANK
 * CUTS RATE").  Add it so, as a word written another way
 * (MATCH_R_ABBREV) with no head cut from it (VAR_NOHEAD), where two words
 * at least come before "of", the last no function word.
 */
static void
names_add_of_adjective(struct matcher *m, const char *name,
    struct variant *v, unsigned stripped)
{
	struct ntoks		 nt;
	const char *const	*f, *const *g, *const *c;
	const char		*of, *at, *adj;
	char			*other, tail[64];
	size_t			 len = strlen(name), k = 0;
	unsigned		 rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON ||
	    v->type == ENTITY_VESSEL || v->type == ENTITY_AIRCRAFT)
		return;
	while (len > 0 && name[len - 1] == ' ')
		len--;
	if (!names_of_last(name, len) || (of = strcasestr(name, " of ")) ==
	    NULL)
		return;
	/*
	 * The country's name starts after the first " of " that leaves
	 * two words before it, or a later one: "BANK OF THE REPUBLIC OF
	 * IRAQ" is read at "THE REPUBLIC OF IRAQ", then at "IRAQ".
	 */
	for (adj = NULL; of != NULL && adj == NULL;
	    of = strcasestr(of + 4, " of ")) {
		at = of + 4;
		if ((size_t)(name + len - at) >= sizeof tail)
			continue;
		memcpy(tail, at, (size_t)(name + len - at));
		tail[name + len - at] = '\0';
		k = (size_t)(of - name);
		adj = names_of_country(tail);
	}
	if (adj == NULL)
		return;
	names_cut(name, k, &nt, MATCHER_MAX_TOKENS);
	if (nt.n < 2 || !names_cut_end(&nt, nt.n - 1))
		return;
	other = xasprintf("%s %.*s", adj, (int)k, name);
	v->rules |= MATCH_R_ABBREV | VAR_NOHEAD;
	names_add_forms(m, other, strlen(other), v, stripped, 1);
	free(other);
	/* and with the country's name: "Russia's Ministry of Finance" */
	for (f = names_adjective_forms; f < names_adjective_forms +
	    nitems(names_adjective_forms); f = g + 1) {
		for (g = f; *g != NULL; g++)
			continue;
		if (strcmp(*f, adj) != 0)
			continue;
		for (c = f + 1; c < g; c++) {
			other = xasprintf("%s's %.*s", *c, (int)k, name);
			names_add_forms(m, other, strlen(other), v, stripped,
			    1);
			free(other);
			other = xasprintf("%s %.*s", *c, (int)k, name);
			names_add_forms(m, other, strlen(other), v, stripped,
			    1);
			free(other);
		}
		break;
	}
	v->rules = rules;
}

/*
 * An organisation's name that ends with its country's name is written by
 * the press without it: "BANK MARKAZI IRAN" as "Bank Markazi", "BANK
 * SADERAT IRAN" as "Bank Saderat".  Add the rest, 0.10 under each score
 * (under an alias as listed: "BANK MELLI" of BANK MELLI IRAN wins over
 * the turned "MELLI BANK PLC"),
 * with the rule "part of the name left out" and no head cut from it
 * (VAR_NOHEAD), where it ends in no function word and is rare enough to
 * name the party alone (names_rare_head: not "Channel One" of CHANNEL ONE
 * RUSSIA, nor "Banco de" of BANCO DE VENEZUELA).
 */
static void
names_add_countryless(struct matcher *m, const char *name, struct variant *v,
    unsigned stripped)
{
	struct ntoks	 nt;
	const char	*last;
	size_t		 len = strlen(name);
	unsigned	 score = v->score, rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type != ENTITY_ORGANIZATION)
		return;
	while (len > 0 && name[len - 1] == ' ')
		len--;
	for (last = name + len; last > name && last[-1] != ' '; last--)
		;
	if (last == name ||
	    names_country_word(last, (size_t)(name + len - last)) == NULL)
		return;
	len = (size_t)(last - name);
	while (len > 0 && name[len - 1] == ' ')
		len--;
	names_cut(name, len, &nt, MATCHER_MAX_TOKENS);
	if (nt.n < 2 || !names_cut_end(&nt, nt.n - 1) ||
	    !names_rare_head(&nt, 0, nt.n))
		return;
	v->score = score - 100;
	v->rules |= MATCH_R_PAREN | VAR_NOHEAD;
	names_add_forms(m, name, len, v, stripped - 100, 1);
	v->score = score;
	v->rules = rules;
}

/*
 * A state body's or a firm's name that starts with its country's adjective
 * is written by the press with the country's name: "IRANIAN MINISTRY OF
 * INTELLIGENCE AND SECURITY" as "Iran's Ministry of Intelligence and
 * Security", "CHINESE ACADEMY OF ENGINEERING PHYSICS" as "China Academy
 * of Engineering Physics", "LIBYAN AFRICA INVESTMENT PORTFOLIO" as "Libya
 * Africa Investment Portfolio".  Add name so, and with "'s" after the
 * country, as a word written another way (MATCH_R_ABBREV), with no head
 * cut from it (VAR_NOHEAD), where two words that are no function word
 * follow the adjective.  The country stays in the form: without it, "Air
 * Force" of SYRIAN AIR FORCE would be any air force in a story on Syria.
 */
static void
names_add_adjectives(struct matcher *m, const char *name, struct variant *v,
    unsigned stripped)
{
	const char *const	*f, *const *g;
	struct ntoks		 nt;
	char			*other;
	size_t			 n;
	unsigned		 rules = v->rules;

	if (v->kind != PARTY_ENTITY || v->type == ENTITY_PERSON ||
	    v->type == ENTITY_VESSEL || v->type == ENTITY_AIRCRAFT ||
	    !names_is_initial(names_adjective_initials, name[0]))
		return;
	for (f = names_adjective_forms; f < names_adjective_forms +
	    nitems(names_adjective_forms); f = g + 1) {
		for (g = f; *g != NULL; g++)
			continue;
		if (((unsigned char)name[0] | 0x20) != (unsigned char)(*f)[0] ||
		    ((unsigned char)name[1] | 0x20) != (unsigned char)(*f)[1])
			continue;
		n = strlen(*f);
		if (strncasecmp(name, *f, n) != 0 || name[n] != ' ')
			continue;
		names_cut(name + n, strlen(name + n), &nt, MATCHER_MAX_TOKENS);
		if (nt.n == 0 || names_is_function(nt.skel[0]) ||
		    names_content_words(&nt, 0, nt.n) < 2)
			return;
		v->rules |= MATCH_R_ABBREV | VAR_NOHEAD;
		for (g = f + 1; *g != NULL; g++) {
			other = xasprintf("%s%s", *g, name + n);
			names_add_forms(m, other, strlen(other), v, stripped,
			    1);
			free(other);
			other = xasprintf("%s's%s", *g, name + n);
			names_add_forms(m, other, strlen(other), v, stripped,
			    1);
			free(other);
		}
		v->rules = rules;
		return;
	}
}

/*
 * Add a name, and if an apostrophe stands inside one of its words, the
 * name without it too, as the press often writes it ("Al Qaida").  A word
 * is cut at an apostrophe, so "Qa'ida" in a text still finds the first.
 * A possessive gives a harmless extra form ("PEOPLE'S", "PEOPLES").
 */
static void
names_add_name(struct matcher *m, const char *name, struct variant *v,
    unsigned stripped)
{
	char	*bare;
	size_t	 n;

	v->rules &= ~VAR_COMMA;
	if (strchr(name, ',') != NULL)
		v->rules |= VAR_COMMA;
	names_add_forms(m, name, strlen(name), v, stripped, 0);
	if (v->type == ENTITY_ORGANIZATION &&
	    (bare = names_rejoined(name)) != NULL) {
		names_add_forms(m, bare, strlen(bare), v, stripped, 0);
		free(bare);
	}
	names_add_countries(m, name, v, stripped);
	names_add_of_adjective(m, name, v, stripped);
	names_add_countryless(m, name, v, stripped);
	names_add_adjectives(m, name, v, stripped);
	if ((bare = names_bare(name, &n)) == NULL)
		return;
	v->rules |= MATCH_R_APOSTROPHE;
	names_add_forms(m, bare, n, v, stripped, 1);
	v->rules &= ~MATCH_R_APOSTROPHE;
	free(bare);
}

/*
 * Add a person's surname, tokens nt[from..from+n), alone at a low score;
 * but a double surname of two words, one at least no census name, at
 * 0.85: the press names "Guzman Loera" and "Padrino Lopez" so, and two
 * surnames together are rare where "Garcia Lopez" is not.
 */
static void
names_add_surname(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v)
{
	if (n == 1 && (nt->flen[from] < 4 || names_is_common(nt->skel[from])))
		return;
	v->method = MATCH_SURNAME;
	v->score = 500;
	if (n == 2 && nt->flen[from] >= 3 && nt->flen[from + 1] >= 3 &&
	    !names_is_function(nt->skel[from]) &&
	    !names_set_has(names_link_set, nitems(names_link_set),
	    nt->hash[from]) &&
	    !names_is_function(nt->skel[from + 1]) &&
	    (!names_is_census(nt->hash[from]) ||
	    !names_is_census(nt->hash[from + 1])))
		v->score = 850;
	matcher_add_run(m, nt, from, n, v);
}

/* Whether token i may end a name cut from a longer one. */
static int
names_cut_end(const struct ntoks *nt, size_t i)
{
	return (nt->flen[i] >= 2 && !names_is_function(nt->skel[i]) &&
	    !names_set_has(names_link_set, nitems(names_link_set),
	    nt->hash[i]));
}

/*
 * A long person's name in natural order, tokens nt[from..from+n) (the UN
 * writes "ABDUL SALAM HANAFI ALI MARDAN QUL"), is often cut by the press to
 * its first words: "Abdul Salam Hanafi".  Add its first three and four
 * words, where two words at least are left out and the cut does not end
 * in a word that joins it to the next ("AMIN MUHAMMAD UL HAQ", "USAMA
 * BIN"; names_cut_end), 0.10 under score with the
 * rule "part left out"; given names alone (from the comma form) are one
 * such cut, added whole when three words or more.  Where two listed names
 * share a cut, it names neither (matcher_beaten).
 */
static void
names_add_leading(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t n, struct variant *v, unsigned score)
{
	enum match_method	 method = v->method;
	unsigned		 rules = v->rules;
	size_t			 k;

	v->method = method == MATCH_ALIAS ? MATCH_ALIAS : MATCH_EXACT;
	v->score = score - 100;
	v->rules |= MATCH_R_PAREN;
	for (k = 3; k <= 4 && k <= n; k++) {
		if (from == 0 && k + 2 > n)
			break;
		if (from > 0 && k != n && k + 2 > n)
			continue;
		if (!names_cut_end(nt, from + k - 1))
			continue;
		matcher_add_run(m, nt, from, k, v);
	}
	if (from > 0 && n > 4 && names_cut_end(nt, from + n - 1))
		matcher_add_run(m, nt, from, n, v);
	v->method = method;
	v->score = score;
	v->rules = rules;
}

/*
 * How many tokens of giv (the given names, cut from given) make its first
 * word, the first given name, after a surname of ns tokens, the first of
 * surlen letters; 0 if it has fewer than three letters, or if
 * it is a syllable of a given name of several: a word of four letters at
 * most, before others of five at most, that is no name many people bear
 * ("KIM, Jong Un" is not "Kim Jong", which Kim Jong-il and Kim Jong-nam
 * are too; "RI, Song Chol" not "Ri Song"; but "HUSSEIN, Ali Kamal" is
 * "Ali Hussein", and "HUSSEIN, Udai Saddam" "Udai Hussein").  After a
 * surname of one syllable (one word of four letters at most: KIM, RI,
 * PAK, CHOE), a syllable has five letters too ("CHOE, Kwang Hyok" is not
 * "Choe Kwang", the marshal who died in 1997).  A word that makes one
 * Arabic name with the next makes the first given name with it ("ABDUL
 * AZIZ, Abdul Hamid" is "Abdul Hamid Abdul Aziz", never "Abdul Abdul
 * Aziz").
 */
static size_t
names_first_word(const char *given, const struct ntoks *giv,
    size_t ns, size_t surlen)
{
	struct ntoks	 w;
	size_t		 n, i, letters = 0;
	int		 syllables;

	given += strspn(given, " \t");
	n = strcspn(given, " \t");
	names_cut(given, n, &w, MATCHER_MAX_TOKENS);
	if (w.n == 0 || w.n > giv->n)
		return (0);
	for (i = 0; i < w.n; i++)
		letters += w.flen[i];
	for (i = w.n, syllables = 1; i < giv->n; i++)
		syllables &= giv->flen[i] <= 5;
	/* "Abdul Hamid", "Abu Bakr": one name in two words. */
	if (w.n == 1 && giv->n > 1 && names_is_compound_head(w.hash[0]))
		return (2);
	if (w.n == 1 && giv->n > 1 && syllables && (letters <= 4 ||
	    (letters == 5 && ns == 1 && surlen <= 4)) &&
	    !names_is_census(w.hash[0]))
		return (0);
	return (letters >= 3 ? w.n : 0);
}

/* Whether a token (folded hash) is the Arabic article "al" or "el". */
int
names_is_al(uint64_t hash)
{
	return (names_set_has(names_al_set, nitems(names_al_set), hash));
}

/*
 * Whether a person's name, whose surname ends at byte len of name and is
 * the tokens nt[at..at+2), is an Arabic nisba: the article and a word of
 * four letters or more ending in "i" ("AL-TIKRITI", from Tikrit; "AL-DURI").
 */
static int
names_nisba(const char *name, size_t len, const struct ntoks *nt, size_t at)
{
	while (len > 0 && (name[len - 1] == ' ' || name[len - 1] == '\t'))
		len--;
	return (len > 0 && (name[len - 1] == 'i' || name[len - 1] == 'I') &&
	    names_is_al(nt->hash[at]) && nt->flen[at + 1] >= 4);
}

/*
 * A person named by a chain of given names and a nisba, which the press
 * leaves out, is written as the first two of the chain, the given name and
 * the father's: "AL-DURI, Izzat Ibrahim" and "IZZAT IBRAHIM AL-DURI" are
 * "Izzat Ibrahim", "AL-TIKRITI, Kamal Mustafa Sultan Abdallah" "Kamal
 * Mustafa".  Add tokens nt[from], nt[from+1], 0.10 under score with the
 * rule "part left out", where neither is a function word or short; and
 * where the chain is longer, the two with the nisba (tokens nt[sur],
 * nt[sur+1]), 0.05 under score: "Barzan Ibrahim al-Tikriti".  A chain of
 * three is also its first and its last, the grandfather's name that the
 * press takes for a family name, 0.10 under score: "AL-TIKRITI, Qusay
 * Saddam Hussein" is "Qusay Hussein".
 */
static void
names_add_nasab(struct matcher *m, const struct ntoks *nt, size_t from,
    size_t sur, size_t chain, struct variant *v, unsigned score)
{
	enum match_method	 method = v->method;
	unsigned		 rules = v->rules;
	size_t			 i, idx[4];

	for (i = from; i < from + 2; i++) {
		if (nt->flen[i] < 3 || names_is_function(nt->skel[i]) ||
		    names_is_al(nt->hash[i]))
			return;
	}
	v->method = method == MATCH_ALIAS ? MATCH_ALIAS : MATCH_EXACT;
	v->score = score - 100;
	v->rules |= MATCH_R_PAREN;
	matcher_add_run(m, nt, from, 2, v);
	idx[0] = from;
	idx[1] = from + 1;
	idx[2] = sur;
	idx[3] = sur + 1;
	if (chain > 2) {
		v->score = score - 50;
		matcher_add(m, nt, idx, nitems(idx), v);
	}
	if (chain == 3 && nt->flen[from + 2] >= 3 &&
	    !names_is_function(nt->skel[from + 2]) &&
	    !names_is_al(nt->hash[from + 2])) {
		idx[1] = from + 2;
		v->score = score - 100;
		matcher_add(m, nt, idx, 2, v);
	}
	v->method = method;
	v->score = score;
	v->rules = rules;
}

/*
 * Add a person's form of g given names from nt[gfrom] then the surname's
 * words nt[sfrom..sto), in that order, as order.
 */
static void
names_add_given_surname(struct matcher *m, const struct ntoks *nt,
    size_t gfrom, size_t g, size_t sfrom, size_t sto, struct variant *v,
    enum match_order order)
{
	size_t	 idx[MATCHER_MAX_TOKENS], i, k = 0;

	for (i = 0; i < g; i++)
		idx[k++] = gfrom + i;
	for (i = sfrom; i < sto; i++)
		idx[k++] = i;
	v->order = order;
	matcher_add(m, nt, idx, k, v);
}

/*
 * Add the natural-order variants of a person's "SURNAME, Given Names":
 * all given names then the surname, the first given name then the surname,
 * the surname then the first given name, an Arabic surname without its
 * "al-", and the surname alone (low).  A
 * person written "Given Names Surname" gets the last word alone (low).
 */
static void
names_add_person(struct matcher *m, const char *name, struct variant *v)
{
	struct ntoks	 nt, giv;
	size_t		 idx[MATCHER_MAX_TOKENS], ns, ng, nf, i, j, k;
	const char	*comma;
	unsigned	 score = v->score;

	if ((comma = strchr(name, ',')) == NULL) {
		names_cut(name, strlen(name), &nt, MATCHER_MAX_TOKENS);
		names_add_leading(m, &nt, 0, nt.n, v, score);
		if (nt.n >= 4 && names_nisba(name, strlen(name), &nt,
		    nt.n - 2))
			names_add_nasab(m, &nt, 0, nt.n - 2, nt.n - 2, v,
			    score);
		if (nt.n >= 2)
			names_add_surname(m, &nt, nt.n - 1, 1, v);
		return;
	}
	names_cut(name, (size_t)(comma - name), &nt, MATCHER_MAX_TOKENS / 2);
	names_cut(comma + 1, strlen(comma + 1), &giv, MATCHER_MAX_TOKENS / 2);
	ns = nt.n;
	ng = giv.n;
	if (ns == 0)
		return;
	for (i = 0; i < ng; i++) {
		nt.hash[ns + i] = giv.hash[i];
		nt.skel[ns + i] = giv.skel[i];
		nt.flen[ns + i] = giv.flen[i];
	}
	nt.n = ns + ng;
	if (ng > 0) {
		v->method = MATCH_REORDERED;
		names_add_given_surname(m, &nt, ns, ng, 0, ns, v,
		    ORDER_GIVEN_SURNAME);		/* Given Names Surname */
	}
	/*
	 * The first given name is the first word of the given names, all its
	 * pieces ("SA'ID" is "Sa'id"); one of one or two letters is a piece
	 * of a longer name ("PAK, In Su"), not a name used alone.
	 */
	nf = names_first_word(comma + 1, &giv, ns, nt.flen[0]);
	if (ng > 0 && nf > 0) {
		v->score = score - 50;
		names_add_given_surname(m, &nt, ns, nf, 0, ns, v,
		    ORDER_FIRST_SURNAME);		/* First Surname */
		for (i = 0, k = 0; i < ns; i++)
			idx[k++] = i;
		for (i = 0; i < nf; i++)
			idx[k++] = ns + i;
		v->order = ORDER_SURNAME_FIRST;
		matcher_add(m, &nt, idx, k, v);		/* Surname, First */
	}
	/*
	 * A given name of several words before a chain of forebears ("ben",
	 * "bint" and their names) is the name the press writes with the
	 * surname: "BEN ALI, Zine El Abidine Ben Haj Hamda Ben Haj Hassen"
	 * is "Zine El Abidine Ben Ali".
	 */
	for (j = nf; j < ng && !names_set_has(names_lineage_set,
	    nitems(names_lineage_set), nt.hash[ns + j]); j++)
		;
	if (nf > 0 && j > nf && j < ng) {
		v->score = score - 50;
		names_add_given_surname(m, &nt, ns, j, 0, ns, v,
		    ORDER_GIVEN_SURNAME);		/* Given Name Surname */
	}
	/*
	 * Muhammad before another given name is left out as often as not:
	 * "MUBARAK, Mohamed Hosni Elsayed" is "Hosni Mubarak", scored lower.
	 * Not before a given name many people bear, with which it makes one
	 * name ("HOSSEINI, Mohammad Ali" is no "Ali Hosseini").
	 */
	if (ng >= 2 && nf == 1 && nt.skel[ns] == names_muhammad_skel &&
	    nt.flen[ns + 1] >= 3 && !names_is_function(nt.skel[ns + 1]) &&
	    !names_is_al(nt.hash[ns + 1]) &&
	    !names_is_census(nt.hash[ns + 1])) {
		unsigned	 rules = v->rules;

		v->score = score - 100;
		v->rules |= MATCH_R_PAREN;
		names_add_given_surname(m, &nt, ns + 1, 1, 0, ns, v,
		    ORDER_FIRST_SURNAME);		/* Second Surname */
		v->rules = rules;
	}
	/*
	 * The press often leaves out the article of an Arabic surname:
	 * "AL-ASSAD, Wassim" is also "Wassim Assad", scored lower.
	 */
	if (ng > 0 && ns >= 2 && names_is_al(nt.hash[0])) {
		v->score = score - 50;
		names_add_given_surname(m, &nt, ns, ng, 1, ns, v,
		    ORDER_GIVEN_SURNAME);	/* Given Names Surname-less-al */
		if (nf > 0 && nf < ng)
			names_add_given_surname(m, &nt, ns, nf, 1, ns, v,
			    ORDER_FIRST_SURNAME);
	}
	/*
	 * A double surname is written with its first half alone, as Spanish
	 * and Portuguese names are: "MADURO MOROS, Nicolas" is "Nicolas
	 * Maduro", scored lower.  With every given name, so that his son
	 * "MADURO GUERRA, Nicolas Ernesto" is not "Nicolas Maduro" too; and
	 * not after a particle ("AL TIKRITI", "VAN DER BERG").
	 */
	if (ng > 0 && ns >= 2 && nt.flen[0] >= 4 &&
	    !names_is_function(nt.skel[0])) {
		v->score = score - 100;
		names_add_given_surname(m, &nt, ns, ng, 0, 1, v,
		    ORDER_DOUBLE_SURNAME);	/* Given Names First-Surname */
		/*
		 * The first given name alone with it, lower still: "RODRIGUEZ
		 * GOMEZ, Delcy Eloina" is "Delcy Rodriguez".  Where another
		 * party bears these words with every given name (the father
		 * "MADURO MOROS, Nicolas" of "MADURO GUERRA, Nicolas Ernesto"),
		 * that one wins (matcher_beaten); names every listed person
		 * bears are weak (matcher_common_names).
		 */
		if (nf > 0 && nf < ng) {
			v->score = score - 150;
			names_add_given_surname(m, &nt, ns, nf, 0, 1, v,
			    ORDER_DOUBLE_SURNAME);
		}
	}
	/*
	 * Given names of three words or more are the name the press uses
	 * where the list adds a family or tribal name: "PADSHAH KHAN, Sher
	 * Mohammad Abbas Stanekzai" is "Sher Mohammad Abbas Stanekzai".
	 */
	if (ng >= 3 && ns > 0)
		names_add_leading(m, &nt, ns, ng, v, score);
	if (ng >= 2 && nf == 1 && ns == 2 && names_nisba(name,
	    (size_t)(comma - name), &nt, 0))
		names_add_nasab(m, &nt, ns, 0, ng, v, score);
	names_add_surname(m, &nt, 0, ns, v);
	v->score = score;
	v->order = ORDER_GIVEN_SURNAME;
}

/*
 * A one-word name spelt otherwise is weak alone (matcher.c), unless the
 * party's own names spell it that way: HIZBALLAH, whose alias "LEBANESE
 * HEZBOLLAH" writes the word as the press does, is "Hezbollah" too.  Each
 * word of its names that agrees with a one-word name by skeleton but is
 * spelt otherwise is added as an alias of its own.
 */
static void
names_add_spellings(struct matcher *m, const struct entity *e, size_t i)
{
	struct variant	 v = { .id = e->id, .kind = PARTY_ENTITY,
			    .type = (int)e->type, .party = i,
			    .method = MATCH_ALIAS, .score = 950 };
	struct ntoks	 one, nt;
	const char	*s;
	size_t		 a, b, k, na = e->aliases.n + 1;

	if (e->type == ENTITY_VESSEL || e->type == ENTITY_PERSON || na < 2)
		return;
	for (a = 0; a < na; a++) {
		s = a == 0 ? e->name : e->aliases.v[a - 1];
		names_cut(s, strlen(s), &one, 2);
		if (one.n != 1 || !names_strong_word(&one, 0))
			continue;
		v.name = s;
		for (b = 0; b < na; b++) {
			s = b == 0 ? e->name : e->aliases.v[b - 1];
			names_cut(s, strlen(s), &nt, MATCHER_MAX_TOKENS);
			for (k = 0; k < nt.n; k++) {
				if (nt.skel[k] == one.skel[0] &&
				    nt.hash[k] != one.hash[0])
					matcher_add_run(m, &nt, k, 1, &v);
			}
		}
	}
}

/*
 * A person's "SURNAME, Given Names" without an honorific the list writes
 * as the first given name ("NOORZAI, Haji Bashir", "FADLALLAH, Shaykh
 * Muhammad Husayn", "ABDALLAH, Dr. Ramadan"), where a given name is left:
 * the press writes "Bashir Noorzai" as often.  NULL if there is none.
 */
static char *
names_unhonoured(const char *name)
{
	const char	*comma, *g, *rest;
	struct ntoks	 w;
	size_t		 n;

	if ((comma = strchr(name, ',')) == NULL)
		return (NULL);
	g = comma + 1 + strspn(comma + 1, " \t");
	n = strcspn(g, " \t");
	rest = g + n + strspn(g + n, " \t");
	/* Most names start with no honorific's first letter. */
	if (n == 0 || *rest == '\0' ||
	    !names_is_initial(names_honour_initials, *g))
		return (NULL);
	names_cut(g, n, &w, 2);
	if (w.n != 1 || !names_set_has(names_honour_set,
	    nitems(names_honour_set), w.hash[0]))
		return (NULL);
	return (xasprintf("%.*s, %s", (int)(comma - name), name, rest));
}

/*
 * A person's name with "Abd al-" (servant of) before a word written as
 * the press writes it, "Abdul " or, joined, "Abdul" ("AL-NU'AYMI, 'Abd
 * al-Rahman" as "Abdul Rahman al-Nuaimi" or "Abdulrahman al-Nuaimi"; the
 * given names' classes make "Abdul" also "Abdel"); NULL if it has none.
 */
static char *
names_abdul(const char *name, int joined)
{
	static const char *const forms[] = {
		"abd al-", "abd al ", "abd-al-", "abd-al ", "abd el-",
		"abd el ", "abd-el-", "abd-el ",
	};
	char		*out = NULL, *o = NULL;
	const char	*s;
	size_t		 k, n = 0;

	for (s = name; *s != '\0';) {
		k = nitems(forms);
		if ((s == name || s[-1] == ' ' || s[-1] == ',' ||
		    s[-1] == '-' || s[-1] == '\'') && (s[0] | 0x20) == 'a' &&
		    (s[1] | 0x20) == 'b' && (s[2] | 0x20) == 'd') {
			for (k = 0; k < nitems(forms); k++) {
				n = strlen(forms[k]);
				if (strncasecmp(s, forms[k], n) == 0 &&
				    s[n] != '\0' && s[n] != ' ')
					break;
			}
		}
		if (k < nitems(forms)) {
			if (out == NULL) {
				out = xmalloc(strlen(name) + 1);
				memcpy(out, name, (size_t)(s - name));
				o = out + (s - name);
			}
			memcpy(o, "ABDUL ", joined ? 5 : 6);
			o += joined ? 5 : 6;
			s += n;
			continue;
		}
		if (out != NULL)
			*o++ = *s;
		s++;
	}
	if (out != NULL)
		*o = '\0';
	return (out);
}

static int	names_article(const char *);

/*
 * A person's "AL-WORD, Given Abd": a list that cuts "Abd al-Word" (servant
 * of the Word) at its article puts the "Abd" at the given names' end ("AL
 * RAHMAN, Shaykh Umar Abd", the press's "Omar Abdel-Rahman"); the name
 * with the compound whole again, "ABD AL-RAHMAN, Shaykh Umar", which
 * names_abdul then writes as the press does.  NULL if it is not so cut;
 * made once (joined nonzero gives NULL).
 */
static char *
names_abd_split(const char *name, int joined)
{
	const char	*comma, *end;
	size_t		 a;

	if (joined || (comma = strchr(name, ',')) == NULL)
		return (NULL);
	end = name + strlen(name);
	while (end > comma && end[-1] == ' ')
		end--;
	if (end - comma < 6 || strncasecmp(end - 4, " abd", 4) != 0 ||
	    names_article(name) != 3)
		return (NULL);
	a = (size_t)(comma - name) - 3;
	if (a == 0 || name[3] == ' ')
		return (NULL);
	return (xasprintf("ABD AL-%.*s,%.*s", (int)a, name + 3,
	    (int)(end - 4 - (comma + 1)), comma + 1));
}

/*
 * A person's name with "ud", "ur" or "ul" between two words as the press
 * joins them: to the word before ("Khalil ur Rahman" as "Khalilur
 * Rahman"), or all three (joined nonzero: "SHAHAB-UD-DIN" as
 * "Shahabuddin"); NULL if it has none.
 */
static char *
names_particle(const char *name, int joined)
{
	char		*out = NULL, *o = NULL;
	const char	*s, *w;

	for (s = name; *s != '\0';) {
		/* " ud " or "-ud-" between two words, not after a comma */
		w = s + 1;
		if ((*s == ' ' || *s == '-') && s > name && s[-1] != ',' &&
		    s[-1] != ' ' && (w[0] | 0x20) == 'u' &&
		    ((w[1] | 0x20) == 'd' || (w[1] | 0x20) == 'r' ||
		    (w[1] | 0x20) == 'l') && (w[2] == ' ' || w[2] == '-') &&
		    w[3] != '\0' && w[3] != ' ' && w[3] != ',') {
			if (out == NULL) {
				out = xmalloc(strlen(name) + 1);
				memcpy(out, name, (size_t)(s - name));
				o = out + (s - name);
			}
			*o++ = w[0];
			*o++ = w[1];
			if (!joined)
				*o++ = ' ';
			s = w + 3;
			continue;
		}
		if (out != NULL)
			*o++ = *s;
		s++;
	}
	if (out != NULL)
		*o = '\0';
	return (out);
}

/*
 * A person's "SURNAME, Given" whose given names join two words by a hyphen,
 * with the hyphen left out, as the press writes a Persian compound name
 * ("DORRI-NADJAFABADI, Ghorban-Ali" as "Ghorbanali Dorri-Najafabadi",
 * "Mohammad-Reza" as "Mohammadreza"); NULL if it has none, or joined is
 * nonzero (one form only).
 */
static char *
names_given_joined(const char *name, int joined)
{
	const char	*comma, *s;
	char		*out, *o;

	if (joined || (comma = strchr(name, ',')) == NULL ||
	    (s = strchr(comma, '-')) == NULL)
		return (NULL);
	out = o = xmalloc(strlen(name) + 1);
	memcpy(o, name, (size_t)(comma - name));
	o += comma - name;
	for (s = comma; *s != '\0'; s++) {
		if (*s == '-' && s > comma + 2 &&
		    isalpha((unsigned char)s[-1]) &&
		    isalpha((unsigned char)s[-2]) &&
		    isalpha((unsigned char)s[1]) &&
		    isalpha((unsigned char)s[2]))
			continue;
		*o++ = *s;
	}
	*o = '\0';
	if (strcmp(out, name) == 0) {
		free(out);
		return (NULL);
	}
	return (out);
}

/*
 * Add a person's natural-order forms (names_add_person) from score, and
 * those of the name without its apostrophes: "AL-JAMAL, Sa'id Ahmad" is
 * also "Said al-Jamal", and so, by its spelling, "Saeed al-Jamal".
 */
static void
names_add_person_forms(struct matcher *m, const char *name,
    struct variant *v, unsigned score)
{
	static char	*(*const names_rewrites[])(const char *, int) = {
		names_abd_split, names_abdul, names_particle,
		names_given_joined,
	};
	char		*bare;
	size_t		 n, r;
	int		 joined;

	v->score = score;
	names_add_person(m, name, v);
	if ((bare = names_unhonoured(name)) != NULL) {
		v->score = score;
		names_add_person(m, bare, v);
		free(bare);
	}
	/*
	 * "Abd al-" whole again, then as the press writes it, and "ur",
	 * "ud": both ways.
	 */
	for (r = 0; r < nitems(names_rewrites); r++) {
		for (joined = 0; joined < 2; joined++) {
			if ((bare = names_rewrites[r](name, joined)) == NULL)
				break;
			v->score = score;
			names_add_person_forms(m, bare, v, score);
			free(bare);
		}
	}
	if ((bare = names_bare(name, &n)) == NULL)
		return;
	v->score = score;
	v->rules |= MATCH_R_APOSTROPHE;
	names_add_person(m, bare, v);
	v->rules &= ~MATCH_R_APOSTROPHE;
	free(bare);
}

/*
 * The length of the Arabic article that starts a person's "SURNAME,
 * Given", with its hyphen or space ("AL-", "el "); 0 if it has none, -1
 * if the name has no comma.
 */
static int
names_article(const char *name)
{
	if (strchr(name, ',') == NULL)
		return (-1);
	if ((name[0] == 'A' || name[0] == 'a' || name[0] == 'E' ||
	    name[0] == 'e') && (name[1] == 'L' || name[1] == 'l') &&
	    (name[2] == '-' || name[2] == ' '))
		return (3);
	return (0);
}

/*
 * Whether a person's names write the Arabic article before a surname
 * ("AL-QADHAFI, Muammar"): the press writes it or not whichever spelling
 * it takes.
 */
static int
names_arabic(const struct entity *e)
{
	size_t	 j;

	for (j = 0; j <= e->aliases.n; j++) {
		if (names_article(j == 0 ? e->name : e->aliases.v[j - 1]) > 0)
			return (1);
	}
	return (0);
}

/* The folded hash of the first given name of "SURNAME, Given"; 0 if none. */
static uint64_t
names_first_given(const char *name)
{
	const char	*comma = strchr(name, ',');
	struct ntoks	 nt;

	if (comma == NULL)
		return (0);
	names_cut(comma + 1, strlen(comma + 1), &nt, 2);
	return (nt.n > 0 && nt.flen[0] >= 3 ? nt.hash[0] : 0);
}

/*
 * Before the names are added: remember the first given names of persons
 * listed with the article before the surname ("AL-QADHAFI, Muammar"):
 * Arabic given names, which the lists alone tell.
 */
void
names_note_entity(struct matcher *m, const struct entity *e)
{
	size_t		 j;
	uint64_t	 h;
	const char	*name;

	if (e->type != ENTITY_PERSON || !names_arabic(e))
		return;
	for (j = 0; j <= e->aliases.n; j++) {
		name = j == 0 ? e->name : e->aliases.v[j - 1];
		if (names_article(name) > 0 &&
		    (h = names_first_given(name)) != 0)
			matcher_add_given(m, h);
	}
}

/*
 * Whether a person's names, none with the article, are an Arabic name's
 * all the same: the first given name one that persons listed with the
 * article bear ("RANTISI, Abdel Aziz", "MISHAAL, Khalid").  The press
 * writes the article before such a surname as often ("Abdel-Aziz
 * al-Rantissi", "Khalid al-Mishaal").
 */
static int
names_arabic_given(const struct matcher *m, const struct entity *e)
{
	uint64_t	 h;

	return ((h = names_first_given(e->name)) != 0 &&
	    matcher_has_given(m, h));
}

/*
 * Add the natural-order forms of a person's "SURNAME, Given" with the
 * article before the surname written both ways, where the person's names
 * write it (names_arabic): "QADDAFI, Muammar" is also "Muammar
 * al-Qaddafi" and "Muammar el-Qaddafi", "AL-ASSAD, Bashar" also "Bashar
 * el-Assad".  The forms keep the listed name.
 */
static void
names_add_article(struct matcher *m, const char *name, struct variant *v,
    unsigned score, int inferred)
{
	static const char *const articles[] = { "AL", "EL" };
	enum match_method method = v->method;
	const char	*rest;
	char		*form;
	size_t		 k;
	int		 art;

	if ((art = names_article(name)) < 0)
		return;
	rest = name + art;
	for (k = 0; k < (inferred ? 1 : nitems(articles)); k++) {
		if (art > 0 && strncasecmp(name, articles[k], 2) == 0)
			continue;
		form = xasprintf("%s-%s", articles[k], rest);
		v->method = method;
		if (inferred) {
			v->score = score;
			names_add_person(m, form, v);
		} else
			names_add_person_forms(m, form, v, score);
		free(form);
	}
	v->method = method;
}

/* Whether an ASCII letter is a vowel, or "y", which stands for one. */
static int
names_voiced(char c)
{
	return (strchr("aeiouy", c | 0x20) != NULL);
}

/*
 * Add form, a person's "SURNAME, Given" respelt, at score less 50 (as
 * leaving out a middle name scores), if its surname, form[st..st + n), is
 * one token whose skeleton is not skel, the listed surname's: one that is
 * adds nothing.
 */
static void
names_add_respelt(struct matcher *m, const char *form, size_t st, size_t n,
    uint64_t skel, struct variant *v, unsigned score)
{
	struct ntoks	 b;

	names_cut(form + st, n, &b, 2);
	if (b.n == 1 && b.skel[0] != skel) {
		v->score = score - 50;
		names_add_person(m, form, v);
	}
}

/*
 * Add a person's "SURNAME, Given" with one short vowel inside the surname
 * written the other way transliteration writes it, one at a time: "i" as
 * "e", "u" as "o" and back, where consonants stand either side ("MISHAAL,
 * Khalid" is also "Khaled Meshaal", "HEKMATYAR" "Hikmatyar"); and a last
 * syllable "-iCi" without its first "i" ("al-Zawahri").  Arabic and
 * Persian script write no short vowel, so the press and the lists each
 * pick one; a surname of five consonants or more is told by its
 * consonants already (normalize.c), and a form whose skeleton is the
 * listed one's adds nothing.  Such a form scores as leaving out a middle
 * name does, so that a given name spelt otherwise too ("Khaled" for
 * "Khalid") keeps it over the default minimum score.
 */
static void
names_add_vowels(struct matcher *m, const char *name, struct variant *v,
    unsigned score)
{
	static const char	 swaps[] = "ieeiuoou";
	const char		*comma;
	char			*form;
	struct ntoks		 a;
	size_t			 st, end, i, k;
	int			 art;
	unsigned		 c;

	if ((comma = strchr(name, ',')) == NULL ||
	    (art = names_article(name)) < 0)
		return;
	st = (size_t)art;
	end = (size_t)(comma - name);
	if (end < st + 4)
		return;
	for (i = st; i < end; i++) {
		if (!isalpha((unsigned char)name[i]))
			return;
	}
	names_cut(name + st, end - st, &a, 2);
	if (a.n != 1)
		return;
	for (i = st + 1; i + 1 < end; i++) {
		c = (unsigned char)name[i] | 0x20;
		if (names_voiced(name[i - 1]) || names_voiced(name[i + 1]))
			continue;
		for (k = 0; swaps[k] != '\0'; k += 2) {
			if (c != (unsigned char)swaps[k])
				continue;
			form = xstrdup(name);
			form[i] = (char)(swaps[k + 1] ^ (name[i] & 0x20) ^ 0x20);
			names_add_respelt(m, form, st, end - st, a.skel[0], v,
			    score);
			free(form);
		}
	}
	/* A last "-iCi" drops its "i" ("AL-ZAWAHIRI" as "al-Zawahri"). */
	if (end - st >= 6 && (name[end - 1] | 0x20) == 'i' &&
	    (name[end - 3] | 0x20) == 'i' && !names_voiced(name[end - 2]) &&
	    !names_voiced(name[end - 4])) {
		form = xstrdup(name);
		memmove(form + end - 3, form + end - 2, strlen(form + end - 3));
		v->score = score - 50;
		names_add_person(m, form, v);
		free(form);
	}
}

/*
 * Add a person's "SURNAME, Given" whose surname ends in a vowel and the
 * Persian ending "-i" with the other ways the press and the lists write
 * that ending after a vowel: "-ei", "-ie", "-i", "-'i" ("REZA'I, Mohsen"
 * and "REZAEI, Mohsen" are also "Mohsen Rezaie"; "KHOEI" "Khoie").  The
 * hamza or the yeh that carries the vowel is written with one letter, two
 * or none, and no skeleton tells "ei" from "ie".  Such a form scores as
 * names_add_vowels' do.
 */
static void
names_add_yeh(struct matcher *m, const char *name, struct variant *v,
    unsigned score)
{
	static const char *const ends[] = { "EI", "IE", "I" };
	const char		*comma;
	char			*form;
	struct ntoks		 a;
	size_t			 st, end, stem, k;

	if ((comma = strchr(name, ',')) == NULL)
		return;
	end = (size_t)(comma - name);
	for (st = end; st > 0 && name[st - 1] != ' ' && name[st - 1] != '-';
	    st--)
		;
	/* The stem: up to its vowel before the ending, "REZA" of all. */
	if (end - st >= 4 && strncasecmp(name + end - 2, "ei", 2) == 0 &&
	    name[end - 3] != '\'')
		stem = end - 2;
	else if (end - st >= 4 && strncasecmp(name + end - 2, "ie", 2) == 0)
		stem = end - 2;
	else if (end - st >= 4 && strncasecmp(name + end - 2, "'i", 2) == 0)
		stem = end - 2;
	else if (end - st >= 3 && (name[end - 1] | 0x20) == 'i')
		stem = end - 1;
	else
		return;
	if (stem - st < 3 || strchr("aouAOU", name[stem - 1]) == NULL ||
	    names_voiced(name[stem - 2]))
		return;
	names_cut(name + st, end - st, &a, 2);
	if (a.n != 1)
		return;
	for (k = 0; k < nitems(ends); k++) {
		form = xasprintf("%.*s%s%s", (int)stem, name, ends[k], comma);
		names_add_respelt(m, form, st, stem - st + strlen(ends[k]),
		    a.skel[0], v, score);
		free(form);
	}
}

/*
 * Whether a name of an entity of no known type reads as a person's: two
 * to four words of letters, the article and words that join names aside
 * ("al", "bin"), one at least a given name or surname of the census
 * tables and each either such a name or no everyday word, none a legal
 * form ("SCOTT RUSSEL", "David Wong" of the BIS lists, "Mohammed
 * al-Khatib" of the State Department's, which give no type; not "Khalil
 * Construction", "Gazprom Energo").  Such a name is weighed as a
 * person's: "David Wong" alone names nobody in particular.
 */
static int
names_personlike(const char *name)
{
	struct ntoks	 nt;
	size_t		 i, census = 0, words = 0;

	names_cut(name, strlen(name), &nt, MATCHER_MAX_TOKENS);
	if (nt.digits != 0)
		return (0);
	for (i = 0; i < nt.n; i++) {
		if (names_is_al(nt.hash[i]) || names_set_has(names_link_set,
		    nitems(names_link_set), nt.hash[i]))
			continue;
		words++;
		if (names_is_legal(nt.skel[i]) ||
		    names_is_firm_word(nt.hash[i]))
			return (0);
		if (names_is_census(nt.hash[i]))
			census++;
		else if (names_is_common(nt.skel[i]))
			return (0);
	}
	return (words >= 2 && words <= 4 && census > 0);
}

/* The type a name of entity e is weighed as (names_personlike). */
static int
names_weighed_type(const struct entity *e, const char *name)
{
	if (e->type == ENTITY_OTHER && names_personlike(name))
		return (ENTITY_PERSON);
	return ((int)e->type);
}

/*
 * Remember a body's name that names a place, less the place: a country's
 * adjective first ("EGYPTIAN ISLAMIC JIHAD") or its name last after "of"
 * or "in" ("ISLAMIC JIHAD OF PALESTINE"), two words at least left.  Where
 * another body's cover name is what is left, the text's place near it
 * says which body it is (matcher_placed, alert.c).
 */
static void
names_add_placed(struct matcher *m, const char *name, size_t party)
{
	struct ntoks	 nt;
	const char	*cc, *last, *rest;
	char		*left;
	size_t		 n, len = strlen(name);

	n = strcspn(name, " \t-");
	if (name[n] != '\0' && (cc = names_country_word(name, n)) != NULL) {
		rest = name + n + 1;
		names_cut(rest, strlen(rest), &nt, MATCHER_MAX_TOKENS);
		if (nt.n >= 2)
			matcher_add_placed(m, names_party_key(rest, 0), party,
			    cc, name);
	}
	while (len > 0 && name[len - 1] == ' ')
		len--;
	for (last = name + len; last > name && last[-1] != ' '; last--)
		;
	if (last - name < 5 || (strncasecmp(last - 4, " OF ", 4) != 0 &&
	    strncasecmp(last - 4, " IN ", 4) != 0) ||
	    (cc = names_country_word(last, (size_t)(name + len - last))) ==
	    NULL)
		return;
	len = (size_t)(last - 4 - name);
	left = xstrndup(name, len);
	names_cut(left, len, &nt, MATCHER_MAX_TOKENS);
	if (nt.n >= 2)
		matcher_add_placed(m, names_party_key(left, 0), party, cc,
		    name);
	free(left);
}

static void	names_add_kunya(struct matcher *, const char *,
		    struct variant *);
static void	names_add_goes_by(struct matcher *, const struct entity *,
		    const char *, struct variant *);

/* Add every variant of one entity. */
void
names_add_entity(struct matcher *m, const struct entity *e, size_t i)
{
	struct variant	 v = { .id = e->id, .kind = PARTY_ENTITY,
			    .type = (int)e->type, .party = i,
			    .method = MATCH_EXACT, .score = 1000,
			    .name = e->name };
	size_t		 j;
	int		 arabic = 0, inferred = 0;

	if (e->type == ENTITY_PERSON) {
		arabic = names_arabic(e);
		inferred = !arabic && names_arabic_given(m, e);
		arabic |= inferred;
	}
	v.type = names_weighed_type(e, e->name);
	names_add_name(m, e->name, &v, 950);
	if (e->type == ENTITY_ORGANIZATION) {
		names_add_placed(m, e->name, i);
		for (j = 0; j < e->aliases.n; j++)
			names_add_placed(m, e->aliases.v[j], i);
	}
	if (e->type == ENTITY_PERSON) {
		names_add_person_forms(m, e->name, &v, 950);
		names_add_kunya(m, e->name, &v);
		names_add_yeh(m, e->name, &v, 950);
	}
	if (arabic) {
		v.method = MATCH_EXACT;
		names_add_article(m, e->name, &v, 950, inferred);
		names_add_vowels(m, e->name, &v, 950);
	}
	for (j = 0; j < e->aliases.n; j++) {
		v.name = e->aliases.v[j];
		v.method = MATCH_ALIAS;
		v.score = 950;
		v.type = names_weighed_type(e, v.name);
		names_add_name(m, v.name, &v, 900);
		if (e->type == ENTITY_PERSON) {
			names_add_person_forms(m, v.name, &v, 900);
			names_add_kunya(m, v.name, &v);
			names_add_yeh(m, v.name, &v, 900);
		}
		if (arabic) {
			v.method = MATCH_ALIAS;
			names_add_article(m, v.name, &v, 900, inferred);
			names_add_vowels(m, v.name, &v, 900);
		}
	}
	v.type = (int)e->type;
	for (j = 0; j < e->weak_aliases.n; j++) {
		v.name = e->weak_aliases.v[j];
		v.method = MATCH_WEAK_ALIAS;
		v.score = 600;
		names_add_name(m, v.name, &v, 550);
		if (e->type == ENTITY_PERSON)
			names_add_goes_by(m, e, v.name, &v);
	}
	names_add_spellings(m, e, i);
}

/*
 * A person's given names that are a kunya alone, "Abu" and one word
 * ("AL-FILISTINI, Abu Qatada"), are the name the press knows him by,
 * without the surname: "the Jordanian Abu Qatada".  Add them so, 0.05
 * under the name's score, a part of the name left out, where the word
 * after "Abu" has four letters or more and is no given name many bear, no
 * word of the dictionary (names_is_popname, names_is_common: "Abu Omar",
 * "Abu Ahmed" is anyone), and the name has a surname before its comma.
 */
static void
names_add_kunya(struct matcher *m, const char *name, struct variant *v)
{
	struct variant	 keep;
	struct ntoks	 nt;
	const char	*g;

	if ((g = strchr(name, ',')) == NULL || g == name)
		return;
	g += 1 + strspn(g + 1, " ");
	names_cut(g, strlen(g), &nt, 3);
	if (nt.n != 2 || !names_set_has(names_kunya_set,
	    nitems(names_kunya_set), nt.hash[0]) || nt.flen[1] < 4 ||
	    (nt.digits & 2) || names_is_popname(nt.hash[1]) ||
	    names_is_common(nt.skel[1]) || names_is_function(nt.skel[1]))
		return;
	keep = *v;
	v->score = keep.score - 50;
	v->rules |= MATCH_R_PAREN;
	matcher_add_run(m, &nt, 0, nt.n, v);
	*v = keep;
}

/*
 * A person's weak alias of one word is a name he goes by, which the press
 * writes with his surname: "TADIC, Dusan", a.k.a. "DUSKO", is "Dusko
 * Tadic", at the score of his first given name and surname.  Not a word
 * of one or two letters, nor a function word.
 */
static void
names_add_goes_by(struct matcher *m, const struct entity *e, const char *w,
    struct variant *v)
{
	struct variant	 keep;
	struct ntoks	 nt;
	const char	*comma;
	char		*form;

	if ((comma = strchr(e->name, ',')) == NULL || strchr(w, ' ') != NULL)
		return;
	names_cut(w, strlen(w), &nt, 2);
	if (nt.n != 1 || nt.flen[0] < 3 || names_is_function(nt.skel[0]) ||
	    names_is_al(nt.hash[0]))
		return;
	form = xasprintf("%s %.*s", w, (int)(comma - e->name), e->name);
	names_cut(form, strlen(form), &nt, MATCHER_MAX_TOKENS);
	if (nt.n >= 2) {
		keep = *v;
		v->name = e->name;
		v->method = MATCH_REORDERED;
		v->order = ORDER_FIRST_SURNAME;
		v->score = 900;
		v->rules = 0;
		matcher_add_run(m, &nt, 0, nt.n, v);
		*v = keep;
	}
	free(form);
}

/* Add every name of one country. */
void
names_add_country(struct matcher *m, const struct country *c, size_t i)
{
	struct variant	 v = { .id = c->code, .kind = PARTY_COUNTRY,
			    .type = -1, .party = i, .method = MATCH_EXACT,
			    .score = 1000, .name = c->name };
	size_t		 j;

	names_add_name(m, c->name, &v, 1000);
	for (j = 0; j < c->aliases.n; j++) {
		v.name = c->aliases.v[j];
		v.method = MATCH_ALIAS;
		v.score = 950;
		names_add_name(m, v.name, &v, 950);
	}
	for (j = 0; j < c->adjectives.n; j++) {
		v.name = c->adjectives.v[j];
		v.method = MATCH_ADJECTIVE;
		v.score = 900;
		names_add_name(m, v.name, &v, 900);
	}
}

/* Build the word tables once, before the first compile. */
void
names_init(void)
{
	pthread_once(&names_tables_once, names_tables);
}
