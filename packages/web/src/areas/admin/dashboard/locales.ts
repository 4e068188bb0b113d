import { addNamespace } from '../../../common/i18n.ts';

/** The dashboard's strings. */
addNamespace('dashboard', {
  'zh-CN': {
    title: '今日概览',
    titleOn: '{{date}} 概览',
    updatedAt: '更新于 {{time}}，每 30 秒自动刷新',
    kpi: {
      orders: '支付订单',
      gmv: '成交额',
      refunds: '退款',
      averageOrder: '客单价',
      activeResidents: '下单团员',
      campaignsOpen: '当前进行中活动',
    },
    chart: { title: '分时订单与成交额', orders: '订单数', gmv: '成交额（元）', hour: '{{hour}} 时', empty: '当天还没有支付订单' },
    closing: {
      title: '即将截单',
      hint: '3 小时内截单的活动',
      empty: '3 小时内没有要截单的活动',
      orders: '{{count}} 单',
      left: '剩 {{time}}',
    },
    failed: {
      title: '成团失败',
      hint: '当天未达成团件数、已自动退款的活动',
      empty: '当天没有成团失败的活动',
      ordered: '已订',
      min: '成团件数',
    },
    alerts: {
      ok: '后台任务与业务事件运行正常',
      failedJobs: '{{count}} 个后台任务重试后仍失败，请技术人员查看服务器日志',
      stuckEvents: '{{count}} 条业务事件未送达（失败过或等待超过 5 分钟），退款、通知等可能延迟',
    },
  },
  en: {
    title: 'Today',
    titleOn: '{{date}} at a glance',
    updatedAt: 'Updated {{time}}; refreshes every 30 s',
    kpi: {
      orders: 'Paid orders',
      gmv: 'GMV',
      refunds: 'Refunds',
      averageOrder: 'Average order',
      activeResidents: 'Residents ordering',
      campaignsOpen: 'Open now',
    },
    chart: { title: 'Orders and GMV by hour', orders: 'Orders', gmv: 'GMV (¥)', hour: '{{hour}}:00', empty: 'No paid orders that day yet' },
    closing: {
      title: 'Closing soon',
      hint: 'Cutoff within 3 hours',
      empty: 'Nothing closes within 3 hours',
      orders_one: '{{count}} order',
      orders_other: '{{count}} orders',
      left: '{{time}} left',
    },
    failed: {
      title: 'Failed campaigns',
      hint: 'Below their minimum that day; refunded automatically',
      empty: 'No campaign failed that day',
      ordered: 'Ordered',
      min: 'Minimum',
    },
    alerts: {
      ok: 'Background jobs and business events are running normally',
      failedJobs_one: '{{count}} background job failed after its retries; ask a technician to check the server log',
      failedJobs_other: '{{count}} background jobs failed after their retries; ask a technician to check the server log',
      stuckEvents_one: '{{count}} business event is undelivered (failed, or waiting over 5 minutes); refunds and notices may be late',
      stuckEvents_other: '{{count}} business events are undelivered (failed, or waiting over 5 minutes); refunds and notices may be late',
    },
  },
});
