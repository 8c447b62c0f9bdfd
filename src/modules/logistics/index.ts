// The logistics module's public face (addresses now; warehouse logistics later).
export { AddressService, MAX_ADDRESSES_PER_USER, type Address, type AddressInput } from "./addresses.ts";
export { registerAddressRoutes } from "./routes.ts";
