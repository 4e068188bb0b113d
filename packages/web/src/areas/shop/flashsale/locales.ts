import { addNamespace } from '../../../common/i18n.ts';

/** The resident's flash-sale page. */
addNamespace('flashsale', {
  'zh-CN': {
    title: '整点秒杀',
    startsIn: '距开抢',
    endsIn: '距结束',
    ended: '已结束',
    left: '剩 {{left}} / {{quantity}} 件',
    limit: '每人限 {{n}} 件',
    grab: '马上抢',
    soon: '即将开抢',
    soldOut: '已抢光',
    won: '抢到了！请在支付时限内付款，超时名额会让给别人',
    none: '今天没有秒杀场次',
    returnsHint: '未付款的名额会在支付时限后回到本场，可以再试试',
  },
  en: {
    title: 'Flash sales',
    startsIn: 'Starts in',
    endsIn: 'Ends in',
    ended: 'Ended',
    left: '{{left}} of {{quantity}} left',
    limit: 'Up to {{n}} each',
    grab: 'Grab it',
    soon: 'Soon',
    soldOut: 'Sold out',
    won: 'You got one! Pay within the payment time, or it goes to someone else',
    none: 'No flash sales today',
    returnsHint: 'Units of unpaid orders come back after their payment time: try again then',
  },
});
