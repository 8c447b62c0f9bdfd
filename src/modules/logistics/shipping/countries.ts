// A grouping of the countries into regions that the sample lines (seed.ts) and the benchmark build
// their zones from (the codes themselves: ../iso-codes.ts).

export { COUNTRY_CODES, isCountryCode, isCurrencyCode } from "../iso-codes.ts";

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
