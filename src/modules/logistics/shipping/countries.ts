// Country codes (ISO 3166-1 alpha-2, the 249 officially assigned ones) and ISO 4217 currency codes,
// for validating destinations, line zones and request currencies; and a grouping of the countries
// into regions that the sample lines (seed.ts) and the benchmark build their zones from.

/** The officially assigned ISO 3166-1 alpha-2 codes (user-assigned ones such as XK or EU are not countries here). */
export const COUNTRY_CODES: readonly string[] = (
  "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
  "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
  "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
  "DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR " +
  "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU " +
  "ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ " +
  "LA LB LC LI LK LR LS LT LU LV LY " +
  "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
  "NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA " +
  "RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
  "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW"
).split(" ");

const COUNTRIES = new Set(COUNTRY_CODES);

export const isCountryCode = (code: string): boolean => COUNTRIES.has(code);

// ICU's list: the current ISO 4217 codes (and a few historic ones ICU still knows).
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

export const isCurrencyCode = (code: string): boolean => CURRENCIES.has(code);

/**
 * Regions of destinations as Chinese cross-border lines price them (neighbouring Asia cheapest, then
 * North America, Europe, Oceania, …). Every code is in exactly one region or in NOT_SERVED (checked by
 * a unit test): China itself (the origin), sanctioned destinations and uninhabited territories.
 */
export const REGIONS = {
  EAST_ASIA: "HK MO TW JP KR MN",
  SOUTHEAST_ASIA: "SG MY TH VN PH ID KH LA MM BN TL",
  SOUTH_ASIA: "IN PK BD LK NP BT MV AF",
  CENTRAL_ASIA: "KZ KG TJ TM UZ",
  MIDDLE_EAST: "AE SA QA KW BH OM JO LB IL PS IQ YE TR CY GE AM AZ",
  NORTH_AMERICA: "US CA MX PR GU VI AS MP BM GL PM",
  WESTERN_EUROPE: "GB IE FR DE NL BE LU AT CH LI MC AD ES PT IT SM VA MT GI IM JE GG FO DK SE NO FI IS AX SJ",
  EASTERN_EUROPE: "PL CZ SK HU SI HR RO BG GR EE LV LT RS ME MK AL BA MD UA BY RU",
  OCEANIA: "AU NZ FJ PG NC PF WS TO VU SB KI TV NR PW FM MH CK NU TK WF NF CX CC PN",
  SOUTH_AMERICA: "BR AR CL CO PE VE EC BO PY UY GY SR GF FK",
  CARIBBEAN_CENTRAL_AMERICA: "GT BZ SV HN NI CR PA DO HT JM BS BB TT AG DM GD KN LC VC AI AW BQ CW SX MF BL GP MQ KY TC VG MS",
  AFRICA:
    "ZA EG MA DZ TN LY NG KE GH ET TZ UG RW SN CI CM AO MZ ZM ZW BW NA MW MG MU SC RE YT KM DJ ER SO SD SS TD NE ML BF BJ TG GN GW SL LR GM CV ST GQ GA CG CD CF BI LS SZ MR EH SH",
} as const;

export type Region = keyof typeof REGIONS;

/** Codes no sample line serves. */
export const NOT_SERVED = "CN KP IR SY CU AQ BV HM GS TF IO UM".split(" ");

export const countriesOf = (...regions: Region[]): string[] => regions.flatMap((region) => REGIONS[region].split(" "));
