/**
 * The sha256 of every committed migration file's bytes. Migrations are append-only: a database
 * that ran one never runs it again, so an edit reaches fresh databases only and the two drift
 * apart (0001 and 0003-0006 were edited after they were committed; 0029 repairs that).
 * migrations-append-only.test.ts fails when a listed file's bytes change, or a migration file is
 * not listed. To change the schema, add a migration with the next number, list it in migrate.ts and
 * append its line here (the test prints it; or `sha256sum <file>`), one line per file.
 */
export const migrationChecksums: Record<string, string> = {
  '0001_initial.ts': 'dff63f4e305cd031c80e970ef4b92376e46bdffbdab6c26936a5cad733fa6b8b',
  '0002_refund_lines.ts': '332be5cc039389973f5810d60bb7303b36425842d1b586735e1bc9c842b76478',
  '0003_procurement.ts': '53407fcb5fe0af12325bad03c683ed7b0457a647dff35654361a62f87ecdea70',
  '0004_logistics.ts': '607ddc02b4e5d28c54bee2740cc777919b566194c773b6b42bdf053153996abb',
  '0005_pickup_aftersales.ts': '0f6f28ed6db18d9fbea0bf74245d3b0951a5125a3a641ae7a967bed3c8f5b49d',
  '0006_ledger.ts': '811c236cd9f2a5d5687433bc041df2ebf4fffbfb4b69b4b20895186b15615e3e',
  '0007_place_order_function.ts': '869a0cdd8a1355d6e96c94d8cd574bd8730b6f16da87b152158a9b50b326e34d',
  '0008_hot_path_foreign_keys.ts': '772b9526dee993f3446738c84d1ffeecc39db20e3dc724ee967739011c876647',
  '0009_uploads.ts': '70576cb613f26abc5accbbb2c6b528648bfd03916e2716fcab1f1446bf682a0b',
  '0010_leader_applications.ts': 'dee1ab0fc5aee49ae8ae444541f13720380a5d741e9aa8543d27ba13483abc66',
  '0011_privacy_order_numbers.ts': 'bc164b35da60ca8023a66062558ac6f0566753362ac5c9356522707509ff3009',
  '0012_rate_limits.ts': '33b812b34d52b0808c6650e897b793b7ad18fc360f5887f6a2cadcd43d17fbf1',
  '0013_provider_claims.ts': 'ba60e60fc72284ad1e35b993fd758aff06841f94b28f935bf385c1fda9e25305',
  '0014_shortage_reasons.ts': '10e676f0441f32d939f856c68b1498e33cfae86effe8cbdca3689330a53bfda5',
  '0016_order_desk.ts': '0080a6521fef8371f12ed83f2a1d08676f1359ab20a7fa74ff45665ea5a72f7d',
  '0017_ledger_batches_closings.ts': 'd3e2d331cd59262caa85d5fc0191fa3ae0337fdca64b65dbee01c86b82235924',
  '0018_receiving_safeguards.ts': '0a2c011a9d2ac9c284ff23d54cbdb74f59fc2994787d561c86c913910d82ddc5',
  '0020_unrouted_decisions.ts': '402a2917099c048cfc29c0d5a1d70d0b41113f3a7ee31eca5ed9cafeb228e957',
  '0021_map_settings.ts': '162412a3d8a97be07c723822dac89094f1c3da6e9ea40a84b14a688343783c30',
  '0022_warehouse_areas.ts': '235bcd1f06ffa13080f3254060832294021874b4512fcb1c0edd3d2739602298',
  '0023_trips_and_drops.ts': '661e03cac0ffb66d0d8e260f278ea16dd322d0729391303a86086c8bf25e3a27',
  '0024_point_delivery_windows.ts': 'dd335695506f704f550419d5c7050a48d34606ac7fe78cb0369a387bf02aae59',
  '0025_vehicle_compartments.ts': 'babc435a9b4c0ab33d784afe9b86d55c28cdfcd6b784a251f82b19a77a1dd4df',
  '0026_standing_lines.ts': '861e134782513708e2e1e82a4b73f5f567a7faa9466fc58eeb8c3ad3cef80acb',
  '0027_driver_breaks.ts': 'acb476082cce62a45b9bde18d43deb2d59d0c24d21e4ff75d81db66f5de154bd',
  '0028_standing_line_classes.ts': 'f4f55c1d5de4056fa62b6e13843f70a1f553b58365ee27a1590fbdf1958bb959',
  '0029_schema_catch_up.ts': 'e8288ad5dabb8d3917e085a8aa17f81486020dc6b6057372ad31b23f3ec66af2',
  '0030_checkout_function.ts': 'aa3fc696a91e9d2ee1c0b8a7314c298e98a5101db4d45253838780aa74dfa4bf',
  '0031_payment_notice_nonces.ts': 'cac5b2da4a3b1ad1b06f3e4fd714d4ff5f866763e9588955126aecb160b1e7ff',
  '0032_provider_bills.ts': '150717cd7aac089e0b1e5bbb9cd69b345ce1f27681c04cf019cdc1a8afd97c04',
  '0033_webhooks.ts': '1d0d9efb9234e0b1ba8ac7b0b93b2b38e390cc6ac7aad18f8a5b9c9539214205',
  '0034_wechat_accounts.ts': '03f87b8df990358e44044222fc2e50a860b1162870d403ff21dfd477603593b5',
  '0035_notices.ts': 'cd7853a291e709b2f78486eb680a44bdf2db2c123319ed3ca0728bb0c6adebed',
  '0036_wechat_logins.ts': '0ebdb3f7b40a2557742f3c92abdf13f2ff810b41063884b920314d8dd46122fd',
  '0037_wechatpay_credentials.ts': '843bfac085295fe1b6e80ffb32ff1399c04d545233f5fcdd5d6d0b2a9c58387d',
  '0038_withdrawal_transfers.ts': '6f1e01a41ba1c49bc0d4c107f433700022867f3e616b99cc70b03498d0373d4a',
  '0039_sms_vendors.ts': '2b527506c19e29b5333df964dc3697cce863c2a23dc727e92769add8a1d89e50',
  '0040_promotions.ts': 'bd568275115b005bcc33dbf395581b0f5c40261e7ac04e9639c254bbd31a54ed',
  '0042_points.ts': '541af63267781125f11cc766a33fcb0dcbb53c0ac824bdc7da5c25340f8c3a6e',
  '0043_invites.ts': '870c5e189186f8f49dfacb14eac491ede37fea4cf7dfdc1be10a91530cd6c7da',
  '0044_invite_coupon_reward.ts': 'd5bc3cd3a78e2276fb209b1ccf13dfb944c292b27d8751a785ad9256938549ab',
  '0045_points_offers.ts': '819d09dc992ef36ec2529c679f2c5f50af3f8cc8247ae3c1429fa8756b77907b',
  '0046_coupon_issue_on_sign_up.ts': '7cd3c5b261dab9f9ea863a39db5d69424951df57e5af6c1f7fe5aef9eb3e6336',
};
