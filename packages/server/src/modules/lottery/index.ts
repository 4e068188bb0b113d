/**
 * The lottery (抽奖): lotteries with odds tables, draws paid with points or earned by sign-in,
 * prizes (coupons, items, points) whose stock is never passed, every draw auditable from its
 * recorded CSPRNG value.
 *
 * The module's public face: other modules, the app and the demo import only this file.
 */
export { auditDraw, lotteryResults, lotteryTotals } from './lottery.queries.ts';
export { createLottery, draw, setLotteryStatus } from './lottery.service.ts';
