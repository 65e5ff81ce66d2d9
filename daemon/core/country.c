/*
 * country: country names as lists and the press write them <-> ISO 3166-1
 * alpha-2 codes.  The importers look names up (country_lookup); the
 * matcher's weak forms ask whether a text names one of a party's
 * countries (country_named).
 *
 * One sorted table (names lower case, as UTF-8 bytes): the ISO 3166-1
 * names, official and common names (from Debian's iso-codes), and the
 * spellings OFAC, the UN and OFSI use ("Korea, North", "Burma",
 * "Iran (Islamic Republic of)", "DPRK", ...), and the nationality
 * adjectives OFSI writes ("Afghan", "Saudi Arabian"; not "Congolese",
 * which could be either Congo), looked up with bsearch.  A
 * name is folded before the lookup: ASCII and Latin-1 letters lower case,
 * spaces trimmed and collapsed, a leading "the " and a trailing
 * parenthesised notes ("Afghanistan (since 2009)") and a leading
 * "Region: " (OFAC) dropped.  Only an exact
 * match counts: a name the table does not know is left to the caller to
 * report, never guessed.  Kosovo is XK, the code the EU and OFAC use.
 * A former state's name is its continuing state's, where one state
 * continued it (the Soviet Union is Russia, Yugoslavia Serbia, Zaire the
 * DR Congo, Ceylon Sri Lanka, East and West Germany Germany), so that news
 * of the 1980s and 1990s names the countries the lists write; not one
 * that two states succeeded alike (Czechoslovakia).  A text names a
 * country by its capital too (country_places), which no list's country
 * field is: the scan reads both tables, the importers the first alone.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/core.h"

#define COUNTRY_MAX_NAME 128

struct country_name {
	const char	*name;
	const char	*code;
};

static const struct country_name country_names[] = {
	{ "afghan", "AF" },
	{ "afghanistan", "AF" },
	{ "albania", "AL" },
	{ "albanian", "AL" },
	{ "algeria", "DZ" },
	{ "algerian", "DZ" },
	{ "american", "US" },
	{ "american samoa", "AS" },
	{ "andorra", "AD" },
	{ "angola", "AO" },
	{ "angolan", "AO" },
	{ "anguilla", "AI" },
	{ "antarctica", "AQ" },
	{ "antigua and barbuda", "AG" },
	{ "arab republic of egypt", "EG" },
	{ "argentina", "AR" },
	{ "argentine", "AR" },
	{ "argentine republic", "AR" },
	{ "argentinian", "AR" },
	{ "armenia", "AM" },
	{ "armenian", "AM" },
	{ "aruba", "AW" },
	{ "australia", "AU" },
	{ "australian", "AU" },
	{ "austria", "AT" },
	{ "austrian", "AT" },
	{ "azerbaijan", "AZ" },
	{ "azerbaijani", "AZ" },
	{ "bahamas", "BS" },
	{ "bahamas, the", "BS" },
	{ "bahrain", "BH" },
	{ "bahraini", "BH" },
	{ "bangladesh", "BD" },
	{ "bangladeshi", "BD" },
	{ "barbados", "BB" },
	{ "belarus", "BY" },
	{ "belarusian", "BY" },
	{ "belarussian", "BY" },
	{ "belgian", "BE" },
	{ "belgium", "BE" },
	{ "belize", "BZ" },
	{ "benin", "BJ" },
	{ "beninese", "BJ" },
	{ "bermuda", "BM" },
	{ "bhutan", "BT" },
	{ "bissau-guinean", "GW" },
	{ "bolivarian republic of venezuela", "VE" },
	{ "bolivia", "BO" },
	{ "bolivia, plurinational state of", "BO" },
	{ "bolivian", "BO" },
	{ "bonaire, sint eustatius and saba", "BQ" },
	{ "bosnia", "BA" },
	{ "bosnia and herzegovina", "BA" },
	{ "bosnia-herzegovina", "BA" },
	{ "bosnian", "BA" },
	{ "botswana", "BW" },
	{ "bouvet island", "BV" },
	{ "brazil", "BR" },
	{ "brazilian", "BR" },
	{ "britain", "GB" },
	{ "british", "GB" },
	{ "british indian ocean territory", "IO" },
	{ "british virgin islands", "VG" },
	{ "brunei", "BN" },
	{ "brunei darussalam", "BN" },
	{ "bulgaria", "BG" },
	{ "bulgarian", "BG" },
	{ "burkina faso", "BF" },
	{ "burkinabe", "BF" },
	{ "burma", "MM" },
	{ "burmese", "MM" },
	{ "burundi", "BI" },
	{ "burundian", "BI" },
	{ "byelorussia", "BY" },
	{ "cabo verde", "CV" },
	{ "cambodia", "KH" },
	{ "cambodian", "KH" },
	{ "cameroon", "CM" },
	{ "cameroonian", "CM" },
	{ "canada", "CA" },
	{ "canadian", "CA" },
	{ "cape verde", "CV" },
	{ "cayman islands", "KY" },
	{ "central african", "CF" },
	{ "central african republic", "CF" },
	{ "ceylon", "LK" },
	{ "chad", "TD" },
	{ "chadian", "TD" },
	{ "chile", "CL" },
	{ "chilean", "CL" },
	{ "china", "CN" },
	{ "china, hong kong special administrative region", "HK" },
	{ "china, macao special administrative region", "MO" },
	{ "china, people's republic of", "CN" },
	{ "chinese", "CN" },
	{ "christmas island", "CX" },
	{ "cocos (keeling) islands", "CC" },
	{ "colombia", "CO" },
	{ "colombian", "CO" },
	{ "commonwealth of dominica", "DM" },
	{ "commonwealth of the bahamas", "BS" },
	{ "commonwealth of the northern mariana islands", "MP" },
	{ "comorian", "KM" },
	{ "comoros", "KM" },
	{ "congo", "CG" },
	{ "congo, democratic republic of the", "CD" },
	{ "congo, republic of the", "CG" },
	{ "congo, the democratic republic of the", "CD" },
	{ "cook islands", "CK" },
	{ "costa rica", "CR" },
	{ "costa rican", "CR" },
	{ "cote d ivoire", "CI" },
	{ "cote d'ivoire", "CI" },
	{ "croatia", "HR" },
	{ "croatian", "HR" },
	{ "cuba", "CU" },
	{ "cuban", "CU" },
	{ "curacao", "CW" },
	{ "curaçao", "CW" },
	{ "cypriot", "CY" },
	{ "cyprus", "CY" },
	{ "czech", "CZ" },
	{ "czech republic", "CZ" },
	{ "czechia", "CZ" },
	{ "côte d'ivoire", "CI" },
	{ "dahomey", "BJ" },
	{ "danish", "DK" },
	{ "democratic people's republic of korea", "KP" },
	{ "democratic people’s republic of korea", "KP" },
	{ "democratic republic of sao tome and principe", "ST" },
	{ "democratic republic of the congo", "CD" },
	{ "democratic republic of timor-leste", "TL" },
	{ "democratic socialist republic of sri lanka", "LK" },
	{ "denmark", "DK" },
	{ "djibouti", "DJ" },
	{ "djiboutian", "DJ" },
	{ "dominica", "DM" },
	{ "dominican", "DO" },
	{ "dominican republic", "DO" },
	{ "dprk", "KP" },
	{ "dr congo", "CD" },
	{ "drc", "CD" },
	{ "dutch", "NL" },
	{ "east german", "DE" },
	{ "east germany", "DE" },
	{ "east timor", "TL" },
	{ "eastern republic of uruguay", "UY" },
	{ "ecuador", "EC" },
	{ "ecuadorian", "EC" },
	{ "egypt", "EG" },
	{ "egyptian", "EG" },
	{ "el salvador", "SV" },
	{ "emirati", "AE" },
	{ "equatorial guinea", "GQ" },
	{ "eritrea", "ER" },
	{ "eritrean", "ER" },
	{ "estonia", "EE" },
	{ "estonian", "EE" },
	{ "eswatini", "SZ" },
	{ "ethiopia", "ET" },
	{ "ethiopian", "ET" },
	{ "falkland islands (malvinas)", "FK" },
	{ "faroe islands", "FO" },
	{ "federal democratic republic of ethiopia", "ET" },
	{ "federal democratic republic of nepal", "NP" },
	{ "federal republic of germany", "DE" },
	{ "federal republic of nigeria", "NG" },
	{ "federal republic of somalia", "SO" },
	{ "federal republic of yugoslavia", "RS" },
	{ "federated states of micronesia", "FM" },
	{ "federative republic of brazil", "BR" },
	{ "fiji", "FJ" },
	{ "filipino", "PH" },
	{ "finland", "FI" },
	{ "finnish", "FI" },
	{ "france", "FR" },
	{ "french", "FR" },
	{ "french guiana", "GF" },
	{ "french polynesia", "PF" },
	{ "french republic", "FR" },
	{ "french southern territories", "TF" },
	{ "gabon", "GA" },
	{ "gabonese republic", "GA" },
	{ "gambia", "GM" },
	{ "gambian", "GM" },
	{ "gaza", "PS" },
	{ "georgia", "GE" },
	{ "georgian", "GE" },
	{ "german", "DE" },
	{ "german democratic republic", "DE" },
	{ "germany", "DE" },
	{ "ghana", "GH" },
	{ "ghanaian", "GH" },
	{ "gibraltar", "GI" },
	{ "grand duchy of luxembourg", "LU" },
	{ "great britain", "GB" },
	{ "greece", "GR" },
	{ "greek", "GR" },
	{ "greenland", "GL" },
	{ "grenada", "GD" },
	{ "guadeloupe", "GP" },
	{ "guam", "GU" },
	{ "guatemala", "GT" },
	{ "guatemalan", "GT" },
	{ "guernsey", "GG" },
	{ "guinea", "GN" },
	{ "guinea-bissau", "GW" },
	{ "guinean", "GN" },
	{ "guyana", "GY" },
	{ "haiti", "HT" },
	{ "haitian", "HT" },
	{ "hashemite kingdom of jordan", "JO" },
	{ "heard island and mcdonald islands", "HM" },
	{ "hellenic republic", "GR" },
	{ "holland", "NL" },
	{ "holy see", "VA" },
	{ "holy see (vatican city state)", "VA" },
	{ "honduran", "HN" },
	{ "honduras", "HN" },
	{ "hong kong", "HK" },
	{ "hong kong special administrative region of china", "HK" },
	{ "hong kong, china", "HK" },
	{ "hungarian", "HU" },
	{ "hungary", "HU" },
	{ "iceland", "IS" },
	{ "icelandic", "IS" },
	{ "independent state of papua new guinea", "PG" },
	{ "independent state of samoa", "WS" },
	{ "india", "IN" },
	{ "indian", "IN" },
	{ "indonesia", "ID" },
	{ "indonesian", "ID" },
	{ "iran", "IR" },
	{ "iran (islamic republic of)", "IR" },
	{ "iran (islamic republic of.)", "IR" },
	{ "iran, islamic republic of", "IR" },
	{ "iranian", "IR" },
	{ "iraq", "IQ" },
	{ "iraqi", "IQ" },
	{ "ireland", "IE" },
	{ "irish", "IE" },
	{ "islamic republic of afghanistan", "AF" },
	{ "islamic republic of iran", "IR" },
	{ "islamic republic of mauritania", "MR" },
	{ "islamic republic of pakistan", "PK" },
	{ "isle of man", "IM" },
	{ "israel", "IL" },
	{ "israeli", "IL" },
	{ "italian", "IT" },
	{ "italian republic", "IT" },
	{ "italy", "IT" },
	{ "ivorian", "CI" },
	{ "ivory coast", "CI" },
	{ "jamaica", "JM" },
	{ "jamaican", "JM" },
	{ "japan", "JP" },
	{ "japanese", "JP" },
	{ "jersey", "JE" },
	{ "jordan", "JO" },
	{ "jordanian", "JO" },
	{ "kampuchea", "KH" },
	{ "kazakh", "KZ" },
	{ "kazakhstan", "KZ" },
	{ "kenya", "KE" },
	{ "kenyan", "KE" },
	{ "kingdom of bahrain", "BH" },
	{ "kingdom of belgium", "BE" },
	{ "kingdom of bhutan", "BT" },
	{ "kingdom of cambodia", "KH" },
	{ "kingdom of denmark", "DK" },
	{ "kingdom of eswatini", "SZ" },
	{ "kingdom of lesotho", "LS" },
	{ "kingdom of morocco", "MA" },
	{ "kingdom of norway", "NO" },
	{ "kingdom of saudi arabia", "SA" },
	{ "kingdom of spain", "ES" },
	{ "kingdom of sweden", "SE" },
	{ "kingdom of thailand", "TH" },
	{ "kingdom of the netherlands", "NL" },
	{ "kingdom of tonga", "TO" },
	{ "kirghizia", "KG" },
	{ "kiribati", "KI" },
	{ "korea, democratic people's republic of", "KP" },
	{ "korea, north", "KP" },
	{ "korea, republic of", "KR" },
	{ "korea, south", "KR" },
	{ "kosovar", "XK" },
	{ "kosovo", "XK" },
	{ "kuwait", "KW" },
	{ "kuwaiti", "KW" },
	{ "kyrgyz", "KG" },
	{ "kyrgyz republic", "KG" },
	{ "kyrgyzstan", "KG" },
	{ "kyrgyzstani", "KG" },
	{ "lao people's democratic republic", "LA" },
	{ "laos", "LA" },
	{ "laotian", "LA" },
	{ "latvia", "LV" },
	{ "latvian", "LV" },
	{ "lebanese", "LB" },
	{ "lebanese republic", "LB" },
	{ "lebanon", "LB" },
	{ "lesotho", "LS" },
	{ "liberia", "LR" },
	{ "liberian", "LR" },
	{ "libya", "LY" },
	{ "libyan", "LY" },
	{ "libyan arab jamahiriya", "LY" },
	{ "liechtenstein", "LI" },
	{ "lithuania", "LT" },
	{ "lithuanian", "LT" },
	{ "luxembourg", "LU" },
	{ "luxembourgish", "LU" },
	{ "macao", "MO" },
	{ "macao special administrative region of china", "MO" },
	{ "macau", "MO" },
	{ "macedonia", "MK" },
	{ "macedonian", "MK" },
	{ "madagascar", "MG" },
	{ "malawi", "MW" },
	{ "malawian", "MW" },
	{ "malaysia", "MY" },
	{ "malaysian", "MY" },
	{ "maldives", "MV" },
	{ "maldivian", "MV" },
	{ "mali", "ML" },
	{ "malian", "ML" },
	{ "malta", "MT" },
	{ "maltese", "MT" },
	{ "man, isle of", "IM" },
	{ "marshall islands", "MH" },
	{ "martinique", "MQ" },
	{ "mauritania", "MR" },
	{ "mauritanian", "MR" },
	{ "mauritian", "MU" },
	{ "mauritius", "MU" },
	{ "mayotte", "YT" },
	{ "mexican", "MX" },
	{ "mexico", "MX" },
	{ "micronesia", "FM" },
	{ "micronesia, federated states of", "FM" },
	{ "moldova", "MD" },
	{ "moldova, republic of", "MD" },
	{ "moldovan", "MD" },
	{ "monaco", "MC" },
	{ "mongolia", "MN" },
	{ "mongolian", "MN" },
	{ "montenegrin", "ME" },
	{ "montenegro", "ME" },
	{ "montserrat", "MS" },
	{ "moroccan", "MA" },
	{ "morocco", "MA" },
	{ "mozambican", "MZ" },
	{ "mozambique", "MZ" },
	{ "myanmar", "MM" },
	{ "namibia", "NA" },
	{ "namibian", "NA" },
	{ "nauru", "NR" },
	{ "nepal", "NP" },
	{ "nepalese", "NP" },
	{ "netherlands", "NL" },
	{ "new caledonia", "NC" },
	{ "new zealand", "NZ" },
	{ "new zealander", "NZ" },
	{ "nicaragua", "NI" },
	{ "nicaraguan", "NI" },
	{ "niger", "NE" },
	{ "nigeria", "NG" },
	{ "nigerian", "NG" },
	{ "nigerien", "NE" },
	{ "niue", "NU" },
	{ "norfolk island", "NF" },
	{ "north korea", "KP" },
	{ "north korean", "KP" },
	{ "north macedonia", "MK" },
	{ "north macedonia, the republic of", "MK" },
	{ "northern mariana islands", "MP" },
	{ "norway", "NO" },
	{ "norwegian", "NO" },
	{ "oman", "OM" },
	{ "omani", "OM" },
	{ "pakistan", "PK" },
	{ "pakistani", "PK" },
	{ "palau", "PW" },
	{ "palestine", "PS" },
	{ "palestine, state of", "PS" },
	{ "palestinian", "PS" },
	{ "panama", "PA" },
	{ "panamanian", "PA" },
	{ "papua new guinea", "PG" },
	{ "paraguay", "PY" },
	{ "paraguayan", "PY" },
	{ "people's democratic republic of algeria", "DZ" },
	{ "people's republic of bangladesh", "BD" },
	{ "people's republic of china", "CN" },
	{ "persia", "IR" },
	{ "peru", "PE" },
	{ "peruvian", "PE" },
	{ "philippines", "PH" },
	{ "pitcairn", "PN" },
	{ "plurinational state of bolivia", "BO" },
	{ "poland", "PL" },
	{ "polish", "PL" },
	{ "portugal", "PT" },
	{ "portuguese", "PT" },
	{ "portuguese republic", "PT" },
	{ "principality of andorra", "AD" },
	{ "principality of liechtenstein", "LI" },
	{ "principality of monaco", "MC" },
	{ "puerto rico", "PR" },
	{ "qatar", "QA" },
	{ "qatari", "QA" },
	{ "region: gaza", "PS" },
	{ "region: west bank", "PS" },
	{ "republic of albania", "AL" },
	{ "republic of angola", "AO" },
	{ "republic of armenia", "AM" },
	{ "republic of austria", "AT" },
	{ "republic of azerbaijan", "AZ" },
	{ "republic of belarus", "BY" },
	{ "republic of benin", "BJ" },
	{ "republic of bosnia and herzegovina", "BA" },
	{ "republic of botswana", "BW" },
	{ "republic of bulgaria", "BG" },
	{ "republic of burundi", "BI" },
	{ "republic of cabo verde", "CV" },
	{ "republic of cameroon", "CM" },
	{ "republic of chad", "TD" },
	{ "republic of chile", "CL" },
	{ "republic of colombia", "CO" },
	{ "republic of costa rica", "CR" },
	{ "republic of croatia", "HR" },
	{ "republic of cuba", "CU" },
	{ "republic of cyprus", "CY" },
	{ "republic of côte d'ivoire", "CI" },
	{ "republic of djibouti", "DJ" },
	{ "republic of ecuador", "EC" },
	{ "republic of el salvador", "SV" },
	{ "republic of equatorial guinea", "GQ" },
	{ "republic of estonia", "EE" },
	{ "republic of fiji", "FJ" },
	{ "republic of finland", "FI" },
	{ "republic of ghana", "GH" },
	{ "republic of guatemala", "GT" },
	{ "republic of guinea", "GN" },
	{ "republic of guinea-bissau", "GW" },
	{ "republic of guyana", "GY" },
	{ "republic of haiti", "HT" },
	{ "republic of honduras", "HN" },
	{ "republic of iceland", "IS" },
	{ "republic of india", "IN" },
	{ "republic of indonesia", "ID" },
	{ "republic of iraq", "IQ" },
	{ "republic of kazakhstan", "KZ" },
	{ "republic of kenya", "KE" },
	{ "republic of kiribati", "KI" },
	{ "republic of korea", "KR" },
	{ "republic of latvia", "LV" },
	{ "republic of liberia", "LR" },
	{ "republic of lithuania", "LT" },
	{ "republic of madagascar", "MG" },
	{ "republic of malawi", "MW" },
	{ "republic of maldives", "MV" },
	{ "republic of mali", "ML" },
	{ "republic of malta", "MT" },
	{ "republic of mauritius", "MU" },
	{ "republic of moldova", "MD" },
	{ "republic of mozambique", "MZ" },
	{ "republic of myanmar", "MM" },
	{ "republic of namibia", "NA" },
	{ "republic of nauru", "NR" },
	{ "republic of nicaragua", "NI" },
	{ "republic of north macedonia", "MK" },
	{ "republic of palau", "PW" },
	{ "republic of panama", "PA" },
	{ "republic of paraguay", "PY" },
	{ "republic of peru", "PE" },
	{ "republic of poland", "PL" },
	{ "republic of san marino", "SM" },
	{ "republic of senegal", "SN" },
	{ "republic of serbia", "RS" },
	{ "republic of seychelles", "SC" },
	{ "republic of sierra leone", "SL" },
	{ "republic of singapore", "SG" },
	{ "republic of slovenia", "SI" },
	{ "republic of south africa", "ZA" },
	{ "republic of south sudan", "SS" },
	{ "republic of suriname", "SR" },
	{ "republic of tajikistan", "TJ" },
	{ "republic of the congo", "CG" },
	{ "republic of the gambia", "GM" },
	{ "republic of the marshall islands", "MH" },
	{ "republic of the niger", "NE" },
	{ "republic of the philippines", "PH" },
	{ "republic of the sudan", "SD" },
	{ "republic of trinidad and tobago", "TT" },
	{ "republic of tunisia", "TN" },
	{ "republic of türkiye", "TR" },
	{ "republic of uganda", "UG" },
	{ "republic of uzbekistan", "UZ" },
	{ "republic of vanuatu", "VU" },
	{ "republic of yemen", "YE" },
	{ "republic of zambia", "ZM" },
	{ "republic of zimbabwe", "ZW" },
	{ "reunion", "RE" },
	{ "rhodesia", "ZW" },
	{ "rhodesian", "ZW" },
	{ "romania", "RO" },
	{ "romanian", "RO" },
	{ "russia", "RU" },
	{ "russian", "RU" },
	{ "russian federation", "RU" },
	{ "rwanda", "RW" },
	{ "rwandan", "RW" },
	{ "rwandese republic", "RW" },
	{ "réunion", "RE" },
	{ "saint barthélemy", "BL" },
	{ "saint helena, ascension and tristan da cunha", "SH" },
	{ "saint kitts and nevis", "KN" },
	{ "saint lucia", "LC" },
	{ "saint martin (french part)", "MF" },
	{ "saint pierre and miquelon", "PM" },
	{ "saint vincent and the grenadines", "VC" },
	{ "salvadoran", "SV" },
	{ "samoa", "WS" },
	{ "san marino", "SM" },
	{ "sao tome and principe", "ST" },
	{ "saudi", "SA" },
	{ "saudi arabia", "SA" },
	{ "saudi arabian", "SA" },
	{ "senegal", "SN" },
	{ "senegalese", "SN" },
	{ "serbia", "RS" },
	{ "serbia and montenegro", "RS" },
	{ "serbian", "RS" },
	{ "seychelles", "SC" },
	{ "siam", "TH" },
	{ "sierra leone", "SL" },
	{ "sierra leonean", "SL" },
	{ "singapore", "SG" },
	{ "singaporean", "SG" },
	{ "sint maarten", "SX" },
	{ "sint maarten (dutch part)", "SX" },
	{ "slovak", "SK" },
	{ "slovak republic", "SK" },
	{ "slovakia", "SK" },
	{ "slovenia", "SI" },
	{ "slovenian", "SI" },
	{ "socialist republic of viet nam", "VN" },
	{ "solomon islands", "SB" },
	{ "somali", "SO" },
	{ "somalia", "SO" },
	{ "south africa", "ZA" },
	{ "south african", "ZA" },
	{ "south georgia and the south sandwich islands", "GS" },
	{ "south korea", "KR" },
	{ "south korean", "KR" },
	{ "south sudan", "SS" },
	{ "south sudanese", "SS" },
	{ "soviet", "RU" },
	{ "soviet union", "RU" },
	{ "spain", "ES" },
	{ "spanish", "ES" },
	{ "sri lanka", "LK" },
	{ "sri lankan", "LK" },
	{ "st. kitts & nevis", "KN" },
	{ "st. kitts and nevis", "KN" },
	{ "st. vincent and the grenadines", "VC" },
	{ "state of israel", "IL" },
	{ "state of kuwait", "KW" },
	{ "state of palestine", "PS" },
	{ "state of qatar", "QA" },
	{ "sudan", "SD" },
	{ "sudanese", "SD" },
	{ "sultanate of oman", "OM" },
	{ "suriname", "SR" },
	{ "svalbard and jan mayen", "SJ" },
	{ "swaziland", "SZ" },
	{ "sweden", "SE" },
	{ "swedish", "SE" },
	{ "swiss", "CH" },
	{ "swiss confederation", "CH" },
	{ "switzerland", "CH" },
	{ "syria", "SY" },
	{ "syrian", "SY" },
	{ "syrian arab republic", "SY" },
	{ "taiwan", "TW" },
	{ "taiwan, province of china", "TW" },
	{ "tajik", "TJ" },
	{ "tajikistan", "TJ" },
	{ "tanzania", "TZ" },
	{ "tanzania, united republic of", "TZ" },
	{ "tanzanian", "TZ" },
	{ "thai", "TH" },
	{ "thailand", "TH" },
	{ "the former yugoslav republic of macedonia", "MK" },
	{ "the gambia", "GM" },
	{ "the netherlands", "NL" },
	{ "the state of eritrea", "ER" },
	{ "the state of palestine", "PS" },
	{ "timor-leste", "TL" },
	{ "togo", "TG" },
	{ "togolese", "TG" },
	{ "togolese republic", "TG" },
	{ "tokelau", "TK" },
	{ "tonga", "TO" },
	{ "trinidad and tobago", "TT" },
	{ "trinidadian", "TT" },
	{ "tunisia", "TN" },
	{ "tunisian", "TN" },
	{ "turkey", "TR" },
	{ "turkish", "TR" },
	{ "turkiye", "TR" },
	{ "turkmen", "TM" },
	{ "turkmenistan", "TM" },
	{ "turks and caicos islands", "TC" },
	{ "tuvalu", "TV" },
	{ "türkiye", "TR" },
	{ "u.s.", "US" },
	{ "u.s.s.r.", "RU" },
	{ "uae", "AE" },
	{ "uganda", "UG" },
	{ "ugandan", "UG" },
	{ "uk", "GB" },
	{ "ukraine", "UA" },
	{ "ukrainian", "UA" },
	{ "union of soviet socialist republics", "RU" },
	{ "union of the comoros", "KM" },
	{ "united arab emirates", "AE" },
	{ "united kingdom", "GB" },
	{ "united kingdom of great britain and northern ireland", "GB" },
	{ "united mexican states", "MX" },
	{ "united republic of tanzania", "TZ" },
	{ "united states", "US" },
	{ "united states minor outlying islands", "UM" },
	{ "united states of america", "US" },
	{ "upper volta", "BF" },
	{ "uruguay", "UY" },
	{ "uruguayan", "UY" },
	{ "usa", "US" },
	{ "ussr", "RU" },
	{ "uzbek", "UZ" },
	{ "uzbekistan", "UZ" },
	{ "vanuatu", "VU" },
	{ "vatican", "VA" },
	{ "venezuela", "VE" },
	{ "venezuela, bolivarian republic of", "VE" },
	{ "venezuelan", "VE" },
	{ "viet nam", "VN" },
	{ "vietnam", "VN" },
	{ "vietnamese", "VN" },
	{ "virgin islands of the united states", "VI" },
	{ "virgin islands, british", "VG" },
	{ "virgin islands, u.s.", "VI" },
	{ "wallis and futuna", "WF" },
	{ "west bank", "PS" },
	{ "west german", "DE" },
	{ "west germany", "DE" },
	{ "western sahara", "EH" },
	{ "yemen", "YE" },
	{ "yemeni", "YE" },
	{ "yugoslav", "RS" },
	{ "yugoslavia", "RS" },
	{ "zaire", "CD" },
	{ "zairean", "CD" },
	{ "zairian", "CD" },
	{ "zambia", "ZM" },
	{ "zambian", "ZM" },
	{ "zimbabwe", "ZW" },
	{ "zimbabwean", "ZW" },
	{ "åland islands", "AX" },
};

/* Compare a folded name with a table row, as bytes. */
static int
country_cmp(const void *key, const void *row)
{
	const struct country_name	*c = row;

	return (strcmp(key, c->name));
}

/* Fold name into buf (see the top of the file); 0 if it does not fit. */
static int
country_fold(const char *name, char *buf, size_t size)
{
	const unsigned char	*p = (const unsigned char *)name;
	size_t			 n = 0;
	int			 space = 0;

	for (; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			space = n > 0;
			continue;
		}
		if (n + 3 >= size)
			return (0);
		if (space)
			buf[n++] = ' ';
		space = 0;
		if (*p >= 'A' && *p <= 'Z')
			buf[n++] = (char)(*p | 0x20);
		else if (p[0] == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e &&
		    p[1] != 0x97) {
			buf[n++] = (char)p[0];
			buf[n++] = (char)(*++p + 0x20);
		} else
			buf[n++] = (char)*p;
	}
	buf[n] = '\0';
	return (1);
}

/*
 * Lengths of the countries' names by their first letter, bit n of
 * country_lens[c - 'a'] for a name of n bytes: most words are no
 * country's name by their length alone (country_word_maybe).
 */
static uint64_t		country_lens[26];
static pthread_once_t	country_lens_once = PTHREAD_ONCE_INIT;

static void
country_lens_init(void)
{
	size_t	 i, n;
	int	 c;

	for (i = 0; i < nitems(country_names); i++) {
		c = country_names[i].name[0];
		n = strlen(country_names[i].name);
		if (c >= 'a' && c <= 'z' && n < 64)
			country_lens[c - 'a'] |= 1ULL << n;
	}
}

/*
 * The places a text names a country by, for the text's side alone (never
 * country_lookup, which the importers read a list's country by): capital
 * cities, the seats of government the press writes for the state ("the
 * Kremlin"), and the capitals of the 1980s and 1990s' wire copy ("Bonn",
 * "Peking", "Rangoon").  A wire story's dateline ("TEHRAN, March 3") is
 * often the only place it names its country.  Not the capitals that are
 * as often persons' names ("Sofia", "Lima", "Victoria", "Santiago"),
 * nor those of the countries where the wire services sit (London,
 * Washington, Paris), which head stories about anywhere.
 */
static const struct country_name country_places[] = {
	{ "abu dhabi", "AE" }, { "addis ababa", "ET" }, { "algiers", "DZ" },
	{ "amman", "JO" }, { "ankara", "TR" }, { "ashgabat", "TM" },
	{ "asmara", "ER" }, { "athens", "GR" }, { "baghdad", "IQ" },
	{ "baku", "AZ" }, { "bamako", "ML" }, { "bangkok", "TH" },
	{ "bangui", "CF" }, { "beijing", "CN" }, { "beirut", "LB" },
	{ "belgrade", "RS" }, { "berlin", "DE" }, { "bern", "CH" },
	{ "bishkek", "KG" }, { "bogota", "CO" }, { "bonn", "DE" },
	{ "bratislava", "SK" }, { "brussels", "BE" }, { "bucharest", "RO" },
	{ "budapest", "HU" }, { "buenos aires", "AR" }, { "cairo", "EG" },
	{ "caracas", "VE" }, { "chisinau", "MD" }, { "colombo", "LK" },
	{ "conakry", "GN" }, { "copenhagen", "DK" }, { "damascus", "SY" },
	{ "dhaka", "BD" }, { "doha", "QA" }, { "dushanbe", "TJ" },
	{ "freetown", "SL" }, { "hanoi", "VN" }, { "harare", "ZW" },
	{ "havana", "CU" }, { "helsinki", "FI" }, { "islamabad", "PK" },
	{ "jakarta", "ID" }, { "kabul", "AF" }, { "kampala", "UG" },
	{ "kathmandu", "NP" }, { "khartoum", "SD" }, { "kiev", "UA" },
	{ "kigali", "RW" }, { "kinshasa", "CD" }, { "kremlin", "RU" },
	{ "kuala lumpur", "MY" }, { "kyiv", "UA" }, { "lisbon", "PT" },
	{ "luanda", "AO" }, { "lusaka", "ZM" }, { "madrid", "ES" },
	{ "managua", "NI" }, { "manama", "BH" }, { "manila", "PH" },
	{ "minsk", "BY" }, { "mogadishu", "SO" }, { "monrovia", "LR" },
	{ "moscow", "RU" }, { "muscat", "OM" }, { "nairobi", "KE" },
	{ "new delhi", "IN" }, { "nicosia", "CY" }, { "oslo", "NO" },
	{ "ottawa", "CA" }, { "peking", "CN" }, { "phnom penh", "KH" },
	{ "prague", "CZ" }, { "pretoria", "ZA" }, { "pristina", "XK" },
	{ "pyongyang", "KP" }, { "rabat", "MA" }, { "rangoon", "MM" },
	{ "riga", "LV" }, { "riyadh", "SA" }, { "rome", "IT" },
	{ "sanaa", "YE" }, { "sarajevo", "BA" }, { "seoul", "KR" },
	{ "skopje", "MK" }, { "stockholm", "SE" }, { "taipei", "TW" },
	{ "tallinn", "EE" }, { "tashkent", "UZ" }, { "tbilisi", "GE" },
	{ "tegucigalpa", "HN" }, { "teheran", "IR" }, { "tehran", "IR" },
	{ "tirana", "AL" }, { "tokyo", "JP" }, { "tripoli", "LY" },
	{ "tunis", "TN" }, { "vienna", "AT" }, { "vientiane", "LA" },
	{ "vilnius", "LT" }, { "warsaw", "PL" }, { "yangon", "MM" },
	{ "yerevan", "AM" }, { "zagreb", "HR" },
};

/* Row i of the names the text side reads: the table's, then its places. */
static const struct country_name *
country_row(size_t i)
{
	if (i < nitems(country_names))
		return (&country_names[i]);
	return (&country_places[i - nitems(country_names)]);
}

#define COUNTRY_ROWS	(nitems(country_names) + nitems(country_places))

/*
 * Whether w[0..n) may be a country's name (country_lookup then says),
 * from its first letter and its length; a word that starts with no ASCII
 * letter may.
 */
int
country_word_maybe(const char *w, size_t n)
{
	int	 c;

	pthread_once(&country_lens_once, country_lens_init);
	c = (unsigned char)w[0] | 0x20;
	if (n == 0 || c < 'a' || c > 'z')
		return (n > 0);
	return (n < 64 && (country_lens[c - 'a'] >> n & 1));
}

/* The ISO 3166-1 alpha-2 code of a country name, or NULL. */
const char *
country_lookup(const char *name)
{
	const struct country_name	*c;
	char				 buf[COUNTRY_MAX_NAME], *k, *paren;
	size_t				 n;

	if (!country_fold(name, buf, sizeof buf))
		return (NULL);
	k = strncmp(buf, "the ", 4) == 0 ? buf + 4 : buf;
	if (strncmp(k, "region: ", 8) == 0)
		k += 8;
	c = bsearch(k, country_names, nitems(country_names),
	    sizeof country_names[0], country_cmp);
	while (c == NULL && (n = strlen(k)) > 0 && k[n - 1] == ')' &&
	    (paren = strrchr(k, '(')) != NULL && paren > k) {
		/* "Kuwait (residence as at Mar 2009) (UN address)": the name. */
		paren[paren[-1] == ' ' ? -1 : 0] = '\0';
		c = bsearch(k, country_names, nitems(country_names),
		    sizeof country_names[0], country_cmp);
	}
	return (c != NULL ? c->code : NULL);
}

/*
 * Whether the character before byte i is part of a word, or the one at
 * byte i (normalize_word_at: a dash, a quote or a no-break space is not).
 */
static int
country_word_before(const unsigned char *u, size_t i)
{
	return (normalize_word_before((const char *)u, i));
}

static int
country_word_at(const unsigned char *u, size_t len, size_t i)
{
	return (normalize_word_at((const char *)u, len, i));
}

#define COUNTRY_MAX_WORDS 7	/* "united kingdom of great britain and ..." */

/* Whether a byte is an ASCII letter. */
static int
country_letter(unsigned char c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

/*
 * The index of a country's code ("IQ") among the 26 * 26 (COUNTRY_CODES)
 * of a set or of country_count's counts; -1 if it is none.
 */
int
country_index(const char *code)
{
	if (code[0] < 'A' || code[0] > 'Z' || code[1] < 'A' || code[1] > 'Z')
		return (-1);
	return ((code[0] - 'A') * 26 + (code[1] - 'A'));
}

/* Add a code ("IQ") to a set of 26 * 26 bits. */
static void
country_set_add(uint64_t *set, const char *code)
{
	int	 i = country_index(code);

	if (i >= 0)
		set[i / 64] |= 1ULL << (i % 64);
}

/* Whether a set of 26 * 26 bits has a code. */
int
country_set_has(const uint64_t *set, const char *code)
{
	int	 i = country_index(code);

	return (i >= 0 && ((set[i / 64] >> (i % 64)) & 1));
}

/*
 * country_scan's tables, on the FNV-1a hashes of folded names: the first
 * words of the names, each with the most words a name starting with it
 * has, and the whole names, each with its row.  The capitalised words of a
 * text that start no country name ("The", "Mr", "Tuesday"), nearly all of
 * them, cost one probe; the others ("US", "Chinese", "United") read no
 * further than their longest name, and each run of words is looked up by
 * the hash made as its bytes were folded, with one compare to confirm it.
 * Open addressing; a hash is never 0, which marks an empty slot.
 */
#define COUNTRY_SLOTS	2048		/* a power of two, > 2 * names */
#define COUNTRY_FNV0	0xcbf29ce484222325ULL
#define COUNTRY_FNV(h, c) (((h) ^ (unsigned char)(c)) * 0x100000001b3ULL)
static struct country_slot {
	uint64_t	 hash;			/* 0: empty */
	size_t		 v;			/* words, or row + 1 */
} country_heads[COUNTRY_SLOTS], country_full[COUNTRY_SLOTS];
static pthread_once_t	country_heads_once = PTHREAD_ONCE_INIT;

/*
 * Before any of that, a filter of first words: one bit per value of a
 * cheap hash of a word's first 16 bytes, read from the text 8 at a time.
 * The 450 first words set under 2% of the bits, so nearly every other
 * capitalised word is turned away by two loads and one bit; the rest,
 * first words or not, go the whole way.
 */
#define COUNTRY_FILTER_BITS	15
static uint64_t	country_filter[(1u << COUNTRY_FILTER_BITS) / 64];

/* A running FNV-1a hash as a table keeps it: never 0. */
static uint64_t
country_key(uint64_t h)
{
	return (h == 0 ? 1 : h);
}

/* FNV-1a over the n bytes of a folded name, as a key. */
static uint64_t
country_word_hash(const char *s, size_t n)
{
	uint64_t	 h = COUNTRY_FNV0;
	size_t		 i;

	for (i = 0; i < n; i++)
		h = COUNTRY_FNV(h, s[i]);
	return (country_key(h));
}

/* The slot of key h in t: its own, or the empty one where it would go. */
static struct country_slot *
country_slot(struct country_slot *t, uint64_t h)
{
	size_t	 i;

	for (i = h & (COUNTRY_SLOTS - 1); t[i].hash != 0 && t[i].hash != h;
	    i = (i + 1) & (COUNTRY_SLOTS - 1))
		;
	return (&t[i]);
}

/*
 * The bytes of the eight in w that are ASCII letters, as their high bits
 * (see country_caps: the same sums, on the byte with bit 5 set).
 */
static uint64_t
country_letters(uint64_t w)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 x = (w | ones * 0x20) & (ones * 0x7f);

	return ((x + ones * (128 - 'a')) & (ones * (128 + 'z') - x) & ~w &
	    (ones * 0x80));
}

/*
 * The filter's bit for a word of n < 16 letters whose bytes, lower case
 * (bit 5 set), are lo and hi, eight each, zero past the word.
 */
static unsigned
country_filter_bit(uint64_t lo, uint64_t hi, size_t n)
{
	uint64_t	 h;

	h = (lo ^ (uint64_t)n << 56) * 0x9e3779b97f4a7c15ULL;
	h = (h ^ hi ^ h >> 29) * 0xff51afd7ed558ccdULL;
	return ((unsigned)(h >> (64 - COUNTRY_FILTER_BITS)));
}

/* Keep the first n of the eight bytes of w (n <= 8). */
static uint64_t
country_keep(uint64_t w, size_t n)
{
	return (n >= 8 ? w : w & ((1ULL << (8 * n)) - 1));
}

/*
 * Whether the capitalised word at u[i] may start a country name: 0 only if
 * it surely does not.  Reads 16 bytes; the caller sees that they are there.
 */
static int
country_maybe(const unsigned char *u, size_t i)
{
	const uint64_t	 lc = 0x2020202020202020ULL;
	uint64_t	 w0, w1, nl;
	size_t		 n;
	unsigned	 b;

	memcpy(&w0, u + i, 8);
	memcpy(&w1, u + i + 8, 8);
	if ((nl = ~country_letters(w0) & 0x8080808080808080ULL) != 0)
		n = (size_t)__builtin_ctzll(nl) / 8;
	else if ((nl = ~country_letters(w1) &
	    0x8080808080808080ULL) != 0)
		n = 8 + (size_t)__builtin_ctzll(nl) / 8;
	else
		return (1);		/* 16 letters or more */
	w0 = country_keep(w0 | lc, n);
	w1 = n > 8 ? country_keep(w1 | lc, n - 8) : 0;
	b = country_filter_bit(w0, w1, n);
	return ((country_filter[b / 64] >> (b % 64)) & 1);
}

/* Put a first word of the table, s[0..n), into the filter. */
static void
country_filter_add(const char *s, size_t n)
{
	char		 b[16];
	uint64_t	 w0, w1;
	unsigned	 bit;
	size_t		 i;

	for (i = 0; i < n; i++) {
		if (!country_letter((unsigned char)s[i]))
			return;		/* a word no text is read as */
	}
	if (n >= sizeof b)
		return;			/* country_maybe lets these by */
	memset(b, 0, sizeof b);
	memcpy(b, s, n);
	memcpy(&w0, b, 8);
	memcpy(&w1, b + 8, 8);
	bit = country_filter_bit(w0, w1, n);
	country_filter[bit / 64] |= 1ULL << (bit % 64);
}

static void
country_heads_init(void)
{
	struct country_slot	*slot;
	const char		*name, *p;
	size_t			 i, words;
	uint64_t		 h;

	for (i = 0; i < COUNTRY_ROWS; i++) {
		name = country_row(i)->name;
		for (words = 1, p = name; (p = strchr(p, ' ')) != NULL; p++)
			words++;
		country_filter_add(name, strcspn(name, " "));
		h = country_word_hash(name, strcspn(name, " "));
		slot = country_slot(country_heads, h);
		slot->hash = h;
		if (words > slot->v)
			slot->v = words;
		h = country_word_hash(name, strlen(name));
		slot = country_slot(country_full, h);
		if (slot->hash == 0) {		/* names are unique */
			slot->hash = h;
			slot->v = i + 1;
		}
	}
}

/* The row of folded name s[0..n) whose key is h, or NULL. */
static const struct country_name *
country_find(const char *s, size_t n, uint64_t h)
{
	const struct country_slot	*slot = country_slot(country_full, h);
	const struct country_name	*c;

	if (slot->hash == 0)
		return (NULL);
	c = country_row(slot->v - 1);
	if (strncmp(c->name, s, n) != 0 || c->name[n] != '\0')
		return (NULL);			/* another name, same hash */
	return (c);
}

/*
 * The countries a text names, by the table's names and adjectives written
 * with a capital ("Iraq", "Iraqi", "North Korea"), into set (26 * 26 bits,
 * COUNTRY_SET words).  One pass: at each capitalised word, the longest run
 * of up to COUNTRY_MAX_WORDS words that is a name of the table.  This walk
 * of the bytes is for a text without tokens; alert_build takes the same set
 * from the matcher's tokens (country_tokens), and the tests hold the two
 * to the same answer.
 */
/* The countries named at a capitalised word starting at u[i], into set. */
static void
country_at(const unsigned char *u, size_t len, size_t i, uint64_t *set)
{
	const struct country_name *c;
	char			 buf[COUNTRY_MAX_NAME];
	size_t			 k, n, w, most = 1, ends[COUNTRY_MAX_WORDS];
	uint64_t		 h = COUNTRY_FNV0, hs[COUNTRY_MAX_WORDS];

	for (k = i, n = 0, w = 0; k < len && w < most;) {
		while (k < len && country_letter(u[k]) && n + 1 < sizeof buf) {
			buf[n] = (char)(u[k++] | 0x20);
			h = COUNTRY_FNV(h, buf[n]);
			n++;
		}
		if (k < len && country_word_at(u, len, k))
			break;		/* a word going on past a-z */
		if (w == 0 && (most = country_slot(country_heads,
		    country_key(h))->v) == 0)
			return;		/* starts no name */
		if (most > COUNTRY_MAX_WORDS)
			most = COUNTRY_MAX_WORDS;
		hs[w] = country_key(h);
		ends[w++] = n;
		if (k + 1 >= len || u[k] != ' ' || !country_letter(u[k + 1]) ||
		    n + 2 >= sizeof buf)
			break;
		buf[n++] = ' ';
		h = COUNTRY_FNV(h, ' ');
		k++;
	}
	while (w > 0) {
		w--;
		if ((c = country_find(buf, ends[w], hs[w])) != NULL) {
			country_set_add(set, c->code);
			return;
		}
	}
}

/*
 * The bytes of the eight in w that are 'A' to 'Z', as their high bits: of
 * the low seven bits x of a byte, x + 63 reaches 128 from 'A' on and
 * 218 - x stays at 128 or above up to 'Z', neither carrying into the next
 * byte; a byte with its own high bit set is no ASCII capital.
 */
static uint64_t
country_caps(uint64_t w)
{
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 x = w & (ones * 0x7f);

	return ((x + ones * (127 - 'A' + 1)) & (ones * (127 + 'Z' + 1) - x) &
	    ~w & (ones * 0x80));
}

void
country_scan(const char *text, size_t len, uint64_t *set)
{
	memset(set, 0, COUNTRY_SET * sizeof *set);
	country_scan_part(text, len, len, set);
}

/*
 * The country named at a place u[i], added to set if it is not NULL and
 * counted in counts if that is not NULL.
 */
static void
country_place(const unsigned char *u, size_t len, size_t i, uint64_t *set,
    unsigned *counts)
{
	uint64_t	 one[COUNTRY_SET];
	size_t		 k, b;

	if (counts == NULL) {
		country_at(u, len, i, set);
		return;
	}
	memset(one, 0, sizeof one);
	country_at(u, len, i, one);
	for (k = 0; k < COUNTRY_SET; k++) {
		if (set != NULL)
			set[k] |= one[k];
		for (; one[k] != 0; one[k] &= one[k] - 1) {
			b = k * 64 + (size_t)__builtin_ctzll(one[k]);
			if (b < COUNTRY_CODES)
				counts[b]++;
		}
	}
}

/*
 * The places before byte to (the names found there may run past it): each
 * capital after a byte that is no word byte, found eight bytes at a time,
 * a few bytes in a hundred.  The countries named there go to
 * country_place.
 */
static void
country_walk(const char *text, size_t len, size_t to, uint64_t *set,
    unsigned *counts)
{
	const unsigned char	*u = (const unsigned char *)text;
	uint64_t		 w, caps;
	size_t			 base, i;

	pthread_once(&country_heads_once, country_heads_init);
	if (to > len)
		to = len;
	for (base = 0; base + 8 <= to; base += 8) {
		memcpy(&w, u + base, sizeof w);
		for (caps = country_caps(w); caps != 0; caps &= caps - 1) {
			i = base + (size_t)__builtin_ctzll(caps) / 8;
			if (!country_word_before(u, i) &&
			    (len - i < 16 || country_maybe(u, i)))
				country_place(u, len, i, set, counts);
		}
	}
	for (i = base; i < to; i++) {
		if (u[i] >= 'A' && u[i] <= 'Z' && !country_word_before(u, i))
			country_place(u, len, i, set, counts);
	}
}

/*
 * How often the text names each country, by its code's index (26 * first
 * letter + second): each name or adjective once where it stands, so the
 * country a story is about stands out from those it names in passing.
 */
void
country_count(const char *text, size_t len, unsigned *counts)
{
	memset(counts, 0, COUNTRY_CODES * sizeof *counts);
	country_walk(text, len, len, NULL, counts);
}

/* country_count's places before byte to, added to counts. */
void
country_count_part(const char *text, size_t len, size_t to, unsigned *counts)
{
	country_walk(text, len, to, NULL, counts);
}

/* country_scan's places before byte to, added to set. */
void
country_scan_part(const char *text, size_t len, size_t to, uint64_t *set)
{
	country_walk(text, len, to, set, NULL);
}

/*
 * The same set as country_scan, made from a text's tokens as the matcher
 * cuts them (matcher_scan_tokens shows each once), so the text is not
 * walked a second time for its capitals.  Every place country_scan looks
 * at, a capital after a byte that is no word byte, starts a token, and a
 * name it finds there is all ASCII letters and single spaces: one word, or
 * two or more whose first two are that token and the next.  So a token
 * goes to country_at only if it is a capital and either its folded hash is
 * a one-word name's, or its hash and the next token's are the first two
 * words of a longer name: two filters of 4 KB, of the hashes of the tokens
 * normalize_tokens makes of the names.  "The", "New" and "South" start
 * names, but "The government" no longer costs a lookup.  A token that does
 * not start after a non-word byte (a cut in a very long word) is no place.
 */
#define COUNTRY_TFILTER_BITS	15
static uint64_t		country_tone[(1u << COUNTRY_TFILTER_BITS) / 64];
static uint64_t		country_ttwo[(1u << COUNTRY_TFILTER_BITS) / 64];
static pthread_once_t	country_tfilter_once = PTHREAD_ONCE_INIT;

static unsigned
country_tbit(uint64_t h)
{
	return ((unsigned)((h * 0x9e3779b97f4a7c15ULL) >>
	    (64 - COUNTRY_TFILTER_BITS)));
}

static unsigned
country_tbit2(uint64_t h1, uint64_t h2)
{
	return (country_tbit(h1 ^ (h2 * 0xff51afd7ed558ccdULL)));
}

static int
country_thas(const uint64_t *f, unsigned bit)
{
	return ((int)((f[bit / 64] >> (bit % 64)) & 1));
}

static void
country_tadd(uint64_t *f, unsigned bit)
{
	f[bit / 64] |= 1ULL << (bit % 64);
}

static void
country_tfilter_init(void)
{
	struct token	 t[2];
	const char	*name, *p;
	size_t		 i, n, pos;

	pthread_once(&country_heads_once, country_heads_init);
	for (i = 0; i < COUNTRY_ROWS; i++) {
		name = country_row(i)->name;
		for (p = name; country_letter((unsigned char)*p) ||
		    (*p == ' ' && p > name && p[-1] != ' ' &&
		    country_letter((unsigned char)p[1])); p++)
			;
		if (*p != '\0' || p == name)
			continue;	/* country_at never reads it */
		n = strlen(name);
		pos = 0;
		if (normalize_tokens(name, n, &pos, t, 2) == 1)
			country_tadd(country_tone, country_tbit(t[0].hash));
		else
			country_tadd(country_ttwo, country_tbit2(t[0].hash,
			    t[1].hash));
	}
}

void
country_tokens(const char *text, size_t len, const struct token *t,
    size_t from, size_t limit, size_t n, uint64_t *set, unsigned *counts)
{
	const unsigned char	*u = (const unsigned char *)text;
	size_t			 i, k, s, c, nc, cand[256];
	uint64_t		 next;

	pthread_once(&country_tfilter_once, country_tfilter_init);
	/*
	 * First the capitals, without a branch per token (whether a word
	 * is capitalised is a coin toss in news), then the filters on them.
	 */
	for (i = from; i < limit;) {
		for (nc = 0; i < limit && nc < nitems(cand); i++) {
			cand[nc] = i;
			nc += (unsigned)(u[t[i].start] - 'A') < 26;
		}
		for (c = 0; c < nc; c++) {
			k = cand[c];
			next = k + 1 < n ? t[k + 1].hash : 0;
			if (!country_thas(country_tone, country_tbit(
			    t[k].hash)) && !country_thas(country_ttwo,
			    country_tbit2(t[k].hash, next)))
				continue;
			s = t[k].start;
			if (!country_word_before(u, s))
				country_place(u, len, s, set, counts);
		}
	}
}
