// GET /v2/alibaba/refund/logistics/company/list (alibaba-1688.md §4.6): the operator-configured return
// carriers, ordered by their spelling.
import { catalogue } from "../../shared/catalogue.ts";
import type { AftersalesDeps } from "./support.ts";

export interface LogisticsCompanyVO {
  id: number;
  companyName: string;
  companyNo: string;
  companyPhone: string;
  supportPrint: boolean;
  spelling: string;
}

export async function returnCarriers(deps: AftersalesDeps): Promise<LogisticsCompanyVO[]> {
  const carriers = await catalogue.carriers(deps.db);
  return carriers.map((c) => ({ id: c.id, companyName: c.name, companyNo: c.code, companyPhone: c.phone, supportPrint: c.supportPrint, spelling: c.spelling }));
}
