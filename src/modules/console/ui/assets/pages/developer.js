// Pages of this part of the console (see app.js for the page shape), in navigation order.
import overview from "./dev-overview.js";
import orders from "./dev-orders.js";
import orderDetail from "./dev-order-detail.js";
import requests from "./dev-requests.js";
import callbacks from "./dev-callbacks.js";
import wallet from "./dev-wallet.js";
import sandbox from "./dev-sandbox.js";
import keys from "./dev-keys.js";
import users from "./dev-users.js";

export default [overview, orders, orderDetail, requests, callbacks, wallet, sandbox, keys, users];
