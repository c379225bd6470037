/**
 * Web-shop payloads as the platforms document them: a Shopify REST order (the shape of
 * Shopify/shopify_python_api's `test/fixtures/order.json`), a Shopify fulfilment order (as in
 * Shopify/shopify-api-ruby's `test/fixtures/fulfillment_order.json` and the REST FulfillmentOrder
 * resource), a WooCommerce REST v3 order (the order example of the WooCommerce REST API v3 docs), and our generic
 * format. Each builder takes the few fields a test varies.
 */

export type ShopifyLine = { id: number; title: string; sku?: string; quantity: number; price: string };

export function shopifyOrder(o: {
  id?: number;
  updatedAt: string;
  lines?: ShopifyLine[];
  shipping?: { id?: number; title: string; code?: string }[];
  cancelledAt?: string | null;
  financialStatus?: string;
  noteAttributes?: { name: string; value: string }[];
  landingSite?: string;
  fulfillmentOrders?: unknown[];
}) {
  const lines = o.lines ?? [
    { id: 466157049, title: 'IPod Nano - 8gb', sku: 'IPOD2008GREEN', quantity: 1, price: '199.00' },
    { id: 518995019, title: 'IPod Nano - 8gb', sku: 'IPOD2008RED', quantity: 2, price: '199.00' },
  ];
  const total = lines.reduce((s, l) => s + Number(l.price) * l.quantity, 0).toFixed(2);
  return {
    id: o.id ?? 450789469,
    admin_graphql_api_id: `gid://shopify/Order/${o.id ?? 450789469}`,
    browser_ip: '0.0.0.0',
    buyer_accepts_marketing: false,
    cancel_reason: o.cancelledAt ? 'customer' : null,
    cancelled_at: o.cancelledAt ?? null,
    cart_token: '68778783ad298f1c80c3bafcddeea02f',
    checkout_token: 'bd5a8aa1ecd019dd3520ff791ee3a24c',
    client_details: { accept_language: null, browser_ip: '0.0.0.0', user_agent: null },
    contact_email: 'bob.norman@mail.example.com',
    created_at: '2008-01-10T11:00:00-05:00',
    currency: 'RUB',
    current_total_price: total,
    email: 'bob.norman@mail.example.com',
    financial_status: o.financialStatus ?? 'paid',
    fulfillment_status: null,
    landing_site: o.landingSite ?? 'http://www.example.com?source=abc',
    name: '#1001',
    note: null,
    note_attributes: o.noteAttributes ?? [{ name: 'custom engraving', value: 'Happy Birthday' }],
    number: 1,
    order_number: 1001,
    phone: '+79123456789',
    presentment_currency: 'RUB',
    processed_at: '2008-01-10T11:00:00-05:00',
    referring_site: 'http://www.otherexample.com',
    source_name: 'web',
    subtotal_price: total,
    tags: '',
    token: 'b1946ac92492d2347c6235b4d2611184',
    total_discounts: '0.00',
    total_price: total,
    total_tax: '0.00',
    updated_at: o.updatedAt,
    billing_address: { first_name: 'Bob', last_name: 'Norman', name: 'Bob Norman', phone: '+79123456789' },
    customer: {
      id: 207119551,
      email: 'bob.norman@mail.example.com',
      first_name: 'Bob',
      last_name: 'Norman',
      phone: null,
    },
    line_items: lines.map((l) => ({
      id: l.id,
      admin_graphql_api_id: `gid://shopify/LineItem/${l.id}`,
      fulfillable_quantity: l.quantity,
      fulfillment_service: 'manual',
      fulfillment_status: null,
      gift_card: false,
      grams: 200,
      name: l.title,
      price: l.price,
      product_exists: true,
      product_id: 632910392,
      properties: [],
      quantity: l.quantity,
      requires_shipping: true,
      sku: l.sku ?? '',
      taxable: true,
      title: l.title,
      total_discount: '0.00',
      variant_id: 39072856,
      variant_title: 'green',
      vendor: null,
      tax_lines: [],
      discount_allocations: [],
    })),
    shipping_address: null,
    shipping_lines: (o.shipping ?? []).map((s, n) => ({
      id: s.id ?? 369256396 + n,
      carrier_identifier: null,
      code: s.code ?? s.title,
      discounted_price: '0.00',
      price: '0.00',
      source: 'shopify',
      title: s.title,
      tax_lines: [],
    })),
    ...(o.fulfillmentOrders ? { fulfillment_orders: o.fulfillmentOrders } : {}),
  };
}

export function shopifyFulfillmentOrder(o: {
  id: number;
  orderId?: number;
  updatedAt: string;
  methodType: 'pick_up' | 'shipping';
  locationId: number;
  locationName?: string;
  lines: { lineItemId: number; quantity: number }[];
  status?: string;
}) {
  return {
    id: o.id,
    shop_id: 690933842,
    order_id: o.orderId ?? 450789469,
    assigned_location_id: o.locationId,
    request_status: 'unsubmitted',
    status: o.status ?? 'open',
    supported_actions: ['create_fulfillment', 'move'],
    destination: null,
    line_items: o.lines.map((l, n) => ({
      id: 1025578633 + n,
      shop_id: 690933842,
      fulfillment_order_id: o.id,
      quantity: l.quantity,
      line_item_id: l.lineItemId,
      inventory_item_id: 808950810,
      fulfillable_quantity: l.quantity,
      variant_id: 39072856,
    })),
    fulfill_at: null,
    international_duties: null,
    fulfillment_holds: [],
    delivery_method: { id: 64667277, method_type: o.methodType },
    assigned_location: {
      address1: null,
      city: null,
      country_code: 'RU',
      location_id: o.locationId,
      name: o.locationName ?? 'Location',
      phone: null,
      province: null,
      zip: null,
    },
    merchant_requests: [],
    created_at: '2008-01-10T11:00:00-05:00',
    updated_at: o.updatedAt,
  };
}

export type WooLine = { id: number; name: string; sku?: string; quantity: number; price: number };

export function wooOrder(o: {
  id?: number;
  modified: string;
  status?: string;
  lines?: WooLine[];
  shipping?: { id?: number; methodId: string; title: string; pickupLocation?: string }[];
  meta?: { key: string; value: string }[];
}) {
  const lines = o.lines ?? [
    { id: 315, name: 'Woo Single #1', sku: 'WOO-1', quantity: 2, price: 3 },
    { id: 316, name: 'Ship Your Idea', sku: 'SHIP-1', quantity: 1, price: 12.5 },
  ];
  const total = lines.reduce((s, l) => s + l.price * l.quantity, 0).toFixed(2);
  return {
    id: o.id ?? 727,
    parent_id: 0,
    number: String(o.id ?? 727),
    order_key: 'wc_order_58d2d042d1d',
    created_via: 'checkout',
    version: '8.5.0',
    status: o.status ?? 'processing',
    currency: 'RUB',
    date_created: '2017-03-22T16:28:02',
    date_created_gmt: '2017-03-22T19:28:02',
    date_modified: o.modified,
    date_modified_gmt: o.modified,
    discount_total: '0.00',
    discount_tax: '0.00',
    shipping_total: '0.00',
    shipping_tax: '0.00',
    cart_tax: '0.00',
    total,
    total_tax: '0.00',
    prices_include_tax: false,
    customer_id: 0,
    customer_ip_address: '',
    customer_user_agent: '',
    customer_note: '',
    billing: {
      first_name: 'John',
      last_name: 'Doe',
      company: '',
      address_1: '969 Market',
      city: 'San Francisco',
      country: 'US',
      email: 'john.doe@example.com',
      phone: '+79161234567',
    },
    shipping: { first_name: 'John', last_name: 'Doe' },
    payment_method: 'bacs',
    payment_method_title: 'Direct Bank Transfer',
    transaction_id: '',
    date_paid: o.status === 'pending' ? null : '2017-03-22T16:28:08',
    date_paid_gmt: o.status === 'pending' ? null : '2017-03-22T19:28:08',
    date_completed: null,
    date_completed_gmt: null,
    cart_hash: '',
    meta_data: o.meta ?? [],
    line_items: lines.map((l) => ({
      id: l.id,
      name: l.name,
      product_id: 93,
      variation_id: 0,
      quantity: l.quantity,
      tax_class: '',
      subtotal: (l.price * l.quantity).toFixed(2),
      subtotal_tax: '0.00',
      total: (l.price * l.quantity).toFixed(2),
      total_tax: '0.00',
      taxes: [],
      meta_data: [],
      sku: l.sku ?? '',
      price: l.price,
    })),
    tax_lines: [],
    shipping_lines: (o.shipping ?? []).map((s, n) => ({
      id: s.id ?? 317 + n,
      method_title: s.title,
      method_id: s.methodId,
      instance_id: '1',
      total: '0.00',
      total_tax: '0.00',
      taxes: [],
      meta_data: s.pickupLocation ? [{ id: 900 + n, key: 'pickup_location', value: s.pickupLocation }] : [],
    })),
    fee_lines: [],
    coupon_lines: [],
    refunds: [],
  };
}

export function genericBody(o: {
  type?: string;
  externalId?: string;
  updatedAt: string;
  cancelled?: boolean;
  paid?: boolean;
  totalMinor?: number;
  platformStatus?: string;
  groups?: unknown[];
  lines?: unknown[];
  pickupCode?: string;
  customer?: { email?: string; phone?: string; name?: string; shopAccountId?: string };
  visitorId?: string | null;
}) {
  return {
    schema: 'omnitill.order.v1',
    type: o.type ?? 'created',
    order: {
      externalId: o.externalId ?? 'WEB-10042',
      orderNumber: o.externalId ?? 'WEB-10042',
      sourceUpdatedAt: o.updatedAt,
      placedAt: '2026-11-30T09:00:00Z',
      platformStatus: o.platformStatus ?? (o.paid === false ? 'pending' : 'paid'),
      paid: o.paid ?? true,
      currency: 'RUB',
      totalMinor: o.totalMinor ?? 27970,
      customer: o.customer ?? {
        email: 'anna@example.com',
        phone: '+79120000001',
        name: 'Anna Petrova',
        shopAccountId: 'c-77',
      },
      lines: o.lines ?? [
        {
          lineId: '1',
          name: 'Milk 1 l',
          gtin: '4601234567893',
          quantity: 2,
          unitPriceMinor: 8990,
          totalMinor: 17980,
          groupId: 'g1',
        },
        { lineId: '2', name: 'Bread', quantity: 1, unitPriceMinor: 9990, totalMinor: 9990, groupId: 'g1' },
      ],
      groups: o.groups ?? [{ id: 'g1', method: 'pickup', locationId: 'loc-a' }],
      ...(o.visitorId !== null ? { visitorId: o.visitorId ?? 'v-0192' } : {}),
      utm: { source: 'newsletter', medium: 'email', campaign: 'autumn' },
      ...(o.cancelled !== undefined ? { cancelled: o.cancelled } : {}),
      ...(o.pickupCode ? { pickupCode: o.pickupCode } : {}),
    },
  };
}
