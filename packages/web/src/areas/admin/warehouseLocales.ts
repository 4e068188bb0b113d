import { addNamespace } from '../../common/i18n.ts';

/**
 * Which warehouse serves a pickup point (namespace `warehouseAssignment`): the rule in the fleet
 * setup and the choice on a pickup point. The warehouse pickers' own words are in `common`.
 */
addNamespace('warehouseAssignment', {
  'zh-CN': {
    title: '自提点由哪个仓库配送',
    hint: '自提点可在团长详情中指定仓库；未指定（或所指定的仓库已停用）的自提点按此规则：',
    fixed: '默认仓库（第一个启用的仓库）',
    nearest: '最近的仓库（直线距离）',
    saved: '已保存',
    point: '配送仓库',
    pointDefault: '按配送设置（默认或最近的仓库）',
    pointHelp: '采购单、分拣和线路按自提点所属的仓库分开',
    column: '仓库',
    byRule: '按设置',
  },
  en: {
    title: 'Which warehouse serves a pickup point',
    hint: 'A pickup point can be given a warehouse in the leader’s details; a point without one (or whose warehouse is closed) is served by this rule:',
    fixed: 'The default warehouse (the first active one)',
    nearest: 'The nearest warehouse (as the crow flies)',
    saved: 'Saved',
    point: 'Served from',
    pointDefault: 'By the delivery settings (default or nearest)',
    pointHelp: 'Purchase orders, sorting and routes are split by the warehouse serving each point',
    column: 'Warehouse',
    byRule: 'By the settings',
  },
});
