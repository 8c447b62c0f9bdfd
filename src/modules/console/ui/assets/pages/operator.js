// Pages of this part of the console (see app.js for the page shape): the operators' pages and the
// developer's warehouse and parcels (the warehouse flow end to end).
import developers from "./op-developers.js";
import finance from "./op-finance.js";
import exceptions from "./op-exceptions.js";
import aftersales from "./op-aftersales.js";
import warehouse from "./op-warehouse.js";
import parcels from "./op-parcels.js";
import shipping from "./op-shipping.js";
import connectors from "./op-connectors.js";
import operators from "./op-operators.js";

export default [...developers, ...finance, ...exceptions, ...aftersales, ...warehouse, ...parcels, ...shipping, ...connectors, ...operators];
