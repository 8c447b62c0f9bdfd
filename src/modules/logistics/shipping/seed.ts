// The sample lines a new installation starts with (SHIPPING_SEED, on by default) so that the sandbox
// prices freight out of the box: plausible carriers, prices and limits over ~237 countries grouped
// into regions (research A.4, A.5). Operators replace or deactivate them like any line.
import { countriesOf, type Region } from "./countries.ts";
import { surcharge, type ShippingLine, type Zone } from "./model.ts";

const steps = (code: string, regions: Region[], firstWeightG: number, firstFeeFen: number, stepWeightG: number, stepFeeFen: number): Zone => ({
  code,
  countries: countriesOf(...regions),
  postcodePrefixes: [],
  rate: { kind: "steps", firstWeightG, firstFeeFen, stepWeightG, stepFeeFen },
});

const perKg = (code: string, regions: Region[], roundToG: number, bands: Array<[fromG: number, toG: number, perKgFen: number]>): Zone => ({
  code,
  countries: countriesOf(...regions),
  postcodePrefixes: [],
  rate: { kind: "bands", roundToG, bands: bands.map(([fromG, toG, perKgFen]) => ({ fromG, toG, perKgFen })) },
});


const line = (fields: Omit<ShippingLine, "active" | "freeThrowLimitG" | "minChargeableWeightG" | "surcharges"> & Partial<ShippingLine>): ShippingLine => ({
  active: true,
  freeThrowLimitG: 0,
  minChargeableWeightG: 0,
  surcharges: [],
  ...fields,
});

export const SAMPLE_LINES: readonly ShippingLine[] = [
  // China Post EMS: first 500 g + 500 g steps, /8000, nothing sensitive (research A.4: no liquids, powders, batteries).
  line({
    serviceId: "1",
    companyName: "EMS",
    serviceCategory: "EXPRESS",
    volumetricDivisor: 8000,
    throwMode: "full",
    maxWeightG: 30_000,
    maxSideMm: 1500,
    maxGirthMm: 3000,
    acceptedAttributes: [],
    transitDays: { min: 5, max: 12 },
    zones: [
      { ...steps("ASIA-NEAR", ["EAST_ASIA", "SOUTHEAST_ASIA"], 500, 9000, 500, 2000), transitDays: { min: 3, max: 7 } },
      steps("ASIA-FAR", ["SOUTH_ASIA", "CENTRAL_ASIA", "MIDDLE_EAST"], 500, 14000, 500, 4500),
      steps("NORTH-AMERICA", ["NORTH_AMERICA"], 500, 16000, 500, 5000),
      steps("EUROPE", ["WESTERN_EUROPE", "EASTERN_EUROPE"], 500, 17000, 500, 5500),
      steps("OCEANIA", ["OCEANIA"], 500, 15000, 500, 4500),
      { ...steps("REST", ["SOUTH_AMERICA", "CARIBBEAN_CENTRAL_AMERICA", "AFRICA"], 500, 24000, 500, 9000), transitDays: { min: 8, max: 20 } },
    ],
  }),
  // YunExpress registered: per kg by band, 100 g rounding, a registration fee and a monthly fuel percentage.
  line({
    serviceId: "2",
    companyName: "YunExpress",
    serviceCategory: "STANDARD",
    volumetricDivisor: 6000,
    throwMode: "half",
    minChargeableWeightG: 100,
    maxWeightG: 30_000,
    maxSideMm: 1200,
    maxGirthMm: 2700,
    acceptedAttributes: ["brand"],
    transitDays: { min: 7, max: 15 },
    zones: [
      perKg("ASIA", ["EAST_ASIA", "SOUTHEAST_ASIA", "SOUTH_ASIA", "CENTRAL_ASIA", "MIDDLE_EAST"], 100, [[0, 2000, 6000], [2000, 30_000, 5000]]),
      perKg("NORTH-AMERICA", ["NORTH_AMERICA"], 100, [[0, 2000, 9500], [2000, 30_000, 8500]]),
      perKg("EUROPE", ["WESTERN_EUROPE", "EASTERN_EUROPE"], 100, [[0, 2000, 8500], [2000, 30_000, 7800]]),
      perKg("OCEANIA", ["OCEANIA"], 100, [[0, 2000, 8000], [2000, 30_000, 7200]]),
      { ...perKg("REST", ["SOUTH_AMERICA", "CARIBBEAN_CENTRAL_AMERICA", "AFRICA"], 100, [[0, 2000, 16000], [2000, 30_000, 14500]]), transitDays: { min: 12, max: 25 } },
    ],
    surcharges: [surcharge("REGISTRATION", "fixed", 1800), surcharge("FUEL", "percent", 1000, { validFrom: "2025-01-01" })],
  }),
  // Yanwen economy small parcels: cheap per kg, no volumetric weight, up to 2 kg and small boxes.
  line({
    serviceId: "3",
    companyName: "Yanwen",
    serviceCategory: "ECONOMY",
    volumetricDivisor: null,
    throwMode: "full",
    minChargeableWeightG: 50,
    maxWeightG: 2000,
    maxSideMm: 600,
    maxGirthMm: 900,
    acceptedAttributes: [],
    transitDays: { min: 12, max: 30 },
    zones: [
      perKg("ASIA", ["EAST_ASIA", "SOUTHEAST_ASIA"], 10, [[0, 2000, 4500]]),
      perKg("NORTH-AMERICA", ["NORTH_AMERICA"], 10, [[0, 2000, 7200]]),
      perKg("EUROPE", ["WESTERN_EUROPE", "EASTERN_EUROPE"], 10, [[0, 2000, 6800]]),
      perKg("OCEANIA", ["OCEANIA"], 10, [[0, 2000, 6500]]),
      perKg("REST", ["SOUTH_ASIA", "MIDDLE_EAST", "SOUTH_AMERICA"], 10, [[0, 2000, 9900]]),
    ],
    surcharges: [surcharge("HANDLING", "fixed", 1000)],
  }),
  // Sea freight consolidation: slow and cheap per kg, 3 kg minimum, free throw within 20 kg, takes sensitive goods.
  line({
    serviceId: "4",
    companyName: "COSCO Sea Consolidation",
    serviceCategory: "ECONOMY",
    volumetricDivisor: 6000,
    throwMode: "free",
    freeThrowLimitG: 20_000,
    minChargeableWeightG: 3000,
    maxWeightG: 100_000,
    maxSideMm: 2000,
    maxGirthMm: 4000,
    acceptedAttributes: ["battery", "liquid", "powder"],
    transitDays: { min: 30, max: 55 },
    zones: [
      steps("ASIA", ["EAST_ASIA", "SOUTHEAST_ASIA"], 1000, 3500, 1000, 1200),
      steps("NORTH-AMERICA", ["NORTH_AMERICA"], 1000, 6000, 1000, 2200),
      steps("EUROPE", ["WESTERN_EUROPE"], 1000, 6500, 1000, 2400),
      steps("OCEANIA", ["OCEANIA"], 1000, 5500, 1000, 2000),
    ],
    surcharges: [surcharge("PORT", "fixed", 3000)],
  }),
  // A battery line: built-in batteries and brands, per-kg battery handling and a fuel percentage.
  line({
    serviceId: "5",
    companyName: "4PX Battery Line",
    serviceCategory: "STANDARD",
    volumetricDivisor: 6000,
    throwMode: "full",
    maxWeightG: 20_000,
    maxSideMm: 1000,
    maxGirthMm: 2400,
    acceptedAttributes: ["battery", "brand"],
    transitDays: { min: 8, max: 18 },
    zones: [
      steps("ASIA", ["EAST_ASIA", "SOUTHEAST_ASIA"], 500, 7000, 500, 2200),
      steps("NORTH-AMERICA", ["NORTH_AMERICA"], 500, 12000, 500, 4200),
      steps("EUROPE", ["WESTERN_EUROPE", "EASTERN_EUROPE"], 500, 11500, 500, 4000),
      steps("OCEANIA", ["OCEANIA"], 500, 11000, 500, 3800),
    ],
    surcharges: [surcharge("BATTERY", "perKg", 500, { minFen: 500 }), surcharge("FUEL", "percent", 1200, { validFrom: "2025-01-01" })],
  }),
  // Duties paid express to the United States only: /5000 full throw, remote postcodes (Alaska, Hawaii, territories' ZIPs) dearer.
  line({
    serviceId: "6",
    companyName: "UPS Worldwide Express DDP",
    serviceCategory: "EXPRESS",
    volumetricDivisor: 5000,
    throwMode: "full",
    maxWeightG: 70_000,
    maxSideMm: 2740,
    maxGirthMm: 4190,
    acceptedAttributes: ["brand"],
    transitDays: { min: 3, max: 6 },
    zones: [
      { code: "US", countries: ["US"], postcodePrefixes: [], rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 19000, stepWeightG: 500, stepFeeFen: 4500 } },
      {
        code: "US-REMOTE",
        countries: ["US"],
        postcodePrefixes: ["967", "968", "995", "996", "997", "998", "999"],
        rate: { kind: "steps", firstWeightG: 500, firstFeeFen: 23000, stepWeightG: 500, stepFeeFen: 5500 },
        transitDays: { min: 5, max: 9 },
      },
    ],
    surcharges: [
      surcharge("DDP", "fixed", 2500),
      surcharge("REMOTE", "perKg", 360, { minFen: 18000, zones: ["US-REMOTE"] }),
      surcharge("FUEL", "percent", 1800, { validFrom: "2025-01-01" }),
    ],
  }),
];
