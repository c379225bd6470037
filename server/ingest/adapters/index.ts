import type { Platform } from '../../webshop/connections';
import { genericAdapter } from './generic';
import { shopifyAdapter } from './shopify';
import type { Adapter } from './types';
import { wooCommerceAdapter } from './woocommerce';

const adapters: Record<Platform, Adapter> = {
  generic: genericAdapter,
  shopify: shopifyAdapter,
  woocommerce: wooCommerceAdapter,
};

export const adapterFor = (platform: Platform): Adapter => adapters[platform];
