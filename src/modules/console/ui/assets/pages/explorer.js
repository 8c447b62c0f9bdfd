// Pages of this part of the console (see app.js for the page shape): the API explorer, public at
// /explorer (keys typed into the page, no session needed) and in a signed-in developer's navigation
// at /dev/explorer (app.js leaves public pages out of the navigation). Both draw the same explorer.
import { renderExplorer } from "./explorer-page.js";

export default [
  { path: "/explorer", kind: "public", nav: "explorer.nav", render: renderExplorer },
  { path: "/dev/explorer", kind: "developer", nav: "explorer.nav", render: renderExplorer },
];
