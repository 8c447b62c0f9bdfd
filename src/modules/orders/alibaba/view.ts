// The 1688 order detail (alibaba-1688.md §0.4, buyer view) built from an order's rows: the list's rows,
// creation answers and the 1688 callbacks' messageBody are all this object. Units as §0.4 says: yuan
// numbers for amounts, except `discount` and `refundPayment` in fen; ids as strings; times in the
// upstream form.
import { AlibabaStatus, totalFen, upstreamTime, yuan, type StoredAddress } from "./model.ts";
import type { AlibabaLineRow, AlibabaOrderRow } from "./repo.ts";

/** One domestic shipment of §0.4 `nativeLogistics.logisticsItems`. */
export interface LogisticsItem {
  logisticsId: string;
  logisticsBillNo: string;
  logisticsCode: string;
  logisticsCompanyName: string;
  deliveredTime: string | null;
  subItemIds: string;
  type: string | null;
}

/** The account the platform buys under at the upstream (baseInfo.buyerID). */
export const BUYER_ACCOUNT = "openpon-purchasing";

const ms = (d: Date | null) => (d ? d.getTime() : null);

export function orderDetail(order: AlibabaOrderRow, lines: readonly AlibabaLineRow[]) {
  const address = JSON.parse(order.address) as StoredAddress;
  const logistics = order.logistics ? (JSON.parse(order.logistics) as LogisticsItem[]) : null;
  const goods = Number(order.goods_fen);
  const shipping = Number(order.shipping_fen);
  const discount = Number(order.discount_fen);
  const total = totalFen(order);
  const refund = Number(order.refund_fen);
  const paid = order.pay_time !== null;
  const completed = order.status === AlibabaStatus.CONFIRM_GOODS || order.status === AlibabaStatus.SUCCESS ? ms(order.complete_time) : null;
  return {
    baseInfo: {
      id: order.id,
      idOfStr: order.id,
      status: order.status,
      businessType: "cn",
      buyerID: BUYER_ACCOUNT,
      sellerID: order.seller_login_id,
      sellerOpenId: order.seller_open_id,
      createTime: upstreamTime(ms(order.created_at)),
      modifyTime: upstreamTime(ms(order.updated_at)),
      payTime: upstreamTime(ms(order.pay_time)),
      completeTime: upstreamTime(completed),
      allDeliveredTime: upstreamTime(ms(order.shipped_at)),
      totalAmount: yuan(total),
      sumProductPayment: yuan(goods),
      shippingFee: yuan(shipping),
      discount,
      refund: yuan(refund),
      refundPayment: refund,
      refundStatus: order.refund_status,
      closeReason: order.close_reason,
      tradeType: order.trade_type,
      flow: order.flow,
      alipayTradeId: order.alipay_trade_id,
      stepPayAll: false,
      buyerContact: { name: address.fullName, phone: address.phone ?? "", mobile: address.mobile ?? "", companyName: "", imInPlatform: BUYER_ACCOUNT },
      sellerContact: { name: order.seller_login_id, phone: "", mobile: "", companyName: order.seller_company, imInPlatform: order.seller_login_id, email: "" },
      receiverInfo: { toFullName: address.fullName, toDivisionCode: address.districtCode ?? "", toPost: address.postCode ?? "", toTownCode: "", toArea: [address.provinceText, address.cityText, address.areaText ?? ""].join(" ").trim() },
    },
    nativeLogistics: {
      contactPerson: address.fullName,
      mobile: address.mobile ?? "",
      telephone: address.phone ?? "",
      province: address.provinceText,
      city: address.cityText,
      area: address.areaText ?? "",
      areaCode: address.districtCode ?? "",
      town: address.townText,
      townCode: null,
      address: address.townText ? `${address.townText} ${address.address}` : address.address,
      zip: address.postCode ?? "",
      fax: null,
      caid: null,
      realLogisticsCompanyNo: logistics?.[0]?.logisticsCode ?? null,
      logisticsItems: logistics,
    },
    productItems: lines.map((line) => ({
      subItemID: line.id,
      productID: Number(line.product_id),
      offerMapId: line.offer_map_id,
      specId: line.spec_id,
      skuID: line.sku_id === null || line.sku_id === "" ? null : Number(line.sku_id),
      name: line.name,
      productImgUrl: JSON.parse(line.image_urls) as string[],
      skuInfos: JSON.parse(line.sku_infos) as Array<{ name: string; value: string }>,
      quantity: line.quantity,
      unit: line.unit,
      price: yuan(Number(line.unit_price_fen)),
      itemAmount: yuan(Number(line.amount_fen)),
      cargoNumber: line.cargo_number,
      description: null,
      status: line.status,
      refundStatus: line.refund_status,
      refundId: line.refund_id,
      productNo: line.product_no,
      container: line.container,
    })),
    tradeTerms: [{ phase: 1, payStatus: paid ? "2" : "1", payWay: order.pay_way ?? "BALANCE", phasAmount: yuan(total), payTime: upstreamTime(ms(order.pay_time)) }],
    guaranteesTerms: null,
    internationalLogistics: null,
    extAttributes: null,
    orderRateInfo: null,
    orderInvoiceInfo: null,
    customs: null,
    overseasExtraAddress: null,
    orderBizInfo: null,
  };
}

export type AlibabaOrderDetail = ReturnType<typeof orderDetail>;
