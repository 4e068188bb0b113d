import { addNamespace } from '../../../common/i18n.ts';

/** The points section's strings. */
addNamespace('points', {
  'zh-CN': {
    title: '积分规则',
    hint: '团员提货后按实付金额（扣除已退款）得积分，每日签到得积分，连续签到到指定天数另有奖励。积分按获得时间分批，到期未用的自动过期；使用时先扣最早过期的。退款会按比例扣回该订单的积分，积分不足时只扣到 0。',
    enabled: '开启积分',
    pointsPerYuan: '每实付 1 元得积分',
    lotDays: '积分有效期（天）',
    signInPoints: '每日签到积分',
    streakBonuses: '连续签到奖励',
    day: '第几天',
    bonus: '奖励积分',
    addBonus: '添加奖励',
    remove: '删除',
    save: '保存',
    saved: '已保存',
  },
  en: {
    title: 'Points rules',
    hint: 'Residents earn points at pickup on what they actually paid (less refunds), and by signing in every day, with bonuses on given streak days. Points are kept in lots that expire; spending takes the soonest-expiring first. A refund takes back its share of the order’s points, never more than the balance.',
    enabled: 'Points on',
    pointsPerYuan: 'Points per yuan paid',
    lotDays: 'Points live (days)',
    signInPoints: 'Daily sign-in points',
    streakBonuses: 'Streak bonuses',
    day: 'Streak day',
    bonus: 'Bonus points',
    addBonus: 'Add a bonus',
    remove: 'Remove',
    save: 'Save',
    saved: 'Saved',
  },
});
