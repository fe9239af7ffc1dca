import type { Concept, LexiconSource } from './concepts.js';

/**
 * What lowers a colour (settled, elsewhere, drill, hypothetical, negated, thanks, question),
 * what marks a public grievance (officials' misconduct, shared grievances, wage arrears, tension
 * close to violence), and category hints. Negation phrases contain the hazard word they negate
 * ("没有人受伤" holds "受伤"): the matcher lets a negation swallow the hazard inside it.
 */
export const CONTEXT_LEXICON: LexiconSource = {
  'lower:settled':
    '寻回来 寻回 送回家 已送回 经查 经核实 已结束 结束了 秩序良好 已协调 已挪走 已劝开 劝开了 已制止 已经结束 救过来了 抢救过来 已经处理 已处理 已解决 已经解决 处理好了 处理完了 解决了 修好了 已修复 已修好 已经修 ' +
    '修复了 去年 前年 上个月 上月 已经过去 过去了 已结案 结案了 调解好了 处理了 已办结 ' +
    '已落实 已到位 已兑付 已全部 情绪平稳 已平稳 身体无恙 无恙 已于 找到 找着了 没大事 ' +
    '已调解 调解成功 和解 已恢复 恢复了 已经好了 没事了 平息 已平息 已撤离 撤离了 ' +
    '已清理 清理完 清理干净 已赔偿 赔了 找到了 已找到 已经找到 找回来了 回来了 ' +
    '已经散了 散了 已扑灭 扑灭了 火灭了 已控制 控制住了 已抢通 抢通了 已报警处理 ' +
    '前几年 几年前 那年 小时候 多年前 已经办结 办结',
  'lower:elsewhere':
    '看电视 电视说 南方 北方 外地有 外地一 外省一 外省有 别的省 新闻 电视上 电视里 网上看到 网上说 网上传 抖音 快手 视频里 短视频 别的县 外县 隔壁县 ' +
    '朋友圈 报道 别的地方 其他地方 微信群里传 群里转发 转发的 谣言 邻县 外省的 ' +
    '别人家的事 新闻里',
  'lower:drill':
    '演练 演习 培训 模拟 应急演练 消防演练 防汛演练 宣传 讲座 科普 宣讲 知识讲座 安全教育 ' +
    '学习 开会',
  'lower:hypothetical':
    '万一 如果 要是 假如 假设 会不会 以防 是否会 可能会 一旦 预防 防范 将来 到时候',
  'lower:negated':
    '没烧着 没着起来 没伤着 没伤到 不是报警 就说一声 就说一下 告知一下 特来电告知 未引发 未造成 没有人受伤 没人受伤 无人受伤 没有受伤 没受伤 未受伤 无人员伤亡 没有人员伤亡 没有伤亡 ' +
    '无伤亡 未造成人员伤亡 没出事 没有出事 人没事 都没事 不是打架 不是打人 没打起来 ' +
    '没有打起来 没动手 没有动手 没有危险 没什么危险 没着火 没有着火 不严重 虚惊一场 是误会 ' +
    '没有发生 未发生 没有人员被困 无人被困 没人被困 没有人被困 不是火灾 不是着火 没有冒烟 ' +
    '不存在 没有塌 没塌 没有漏 不是失踪 没有失踪 没麻达 没啥事 人没事 ' +
    '人都没事 都没事 平安',
  'lower:thanks':
    '好得很 感谢 谢谢 表扬 点赞 锦旗 感激 辛苦了 多亏 给力 满意 好评 致谢 赞扬 称赞 暖心 ' +
    '热心帮助 及时帮助 帮了大忙',
  'lower:question':
    '请问 咨询 想问 问一下 问问 想了解 了解一下 怎么办理 如何办理 怎么申请 如何申请 在哪里办 ' +
    '在哪办 去哪办 哪里可以 什么时候 几点 需要什么 要带什么 需要带 能不能办 可以吗 是否可以 ' +
    '吗? 呢? 吗| 呢| 多少钱 什么流程 办理流程 手续 怎么弄 咋弄 咋个办 是不是可以 有没有',
  official:
    '村干部 干部 支书 村书记 书记 村主任 主任 村长 镇长 组长 村委 村委会 镇政府 工作人员 ' +
    '包村干部 驻村 网格员 会计 村会计 乡镇',
  misconduct:
    '贪污 贪占 侵占 私分 克扣 截留 挪用 吃拿卡要 优亲厚友 索要 收好处 好处费 要好处 红包 ' +
    '行贿 受贿 以权谋私 雁过拔毛 虚报冒领 冒领 吃空饷 关系户 不作为 乱作为 打骂群众 骂群众 ' +
    '态度恶劣 私吞 私自 扣了 扣钱 吃回扣 回扣 占为己有 偏向 亲戚优先 给自己亲戚 不公平 不公开 ' +
    '暗箱操作 弄虚作假 造假 优先照顾 私自收费 乱收费',
  grievance:
    '大家都 群众意见很大 意见很大 意见大 联名 集体 都不满 反映多次 多次反映 反映了好几次 ' +
    '一直没人管 没人管 讨说法 要个说法 怨声载道 都很气愤 都有意见 都很生气 大伙 村民们 ' +
    '群众们 全组 全村 家家户户 所有人 好多户 很多户 多户 多家 都没有 都没拿到 都没领到',
  arrears:
    '欠薪 拖欠工资 欠工资 欠工钱 工钱 讨薪 农民工工资 不给钱 拖欠 工资没发 欠款 不给工资 ' +
    '讨工资 要工资 讨要 包工头 老板跑了 结工资',
  tension:
    '吵起来 吵架 争吵 对骂 骂街 推搡 推了 拉扯 要打起来 差点打起来 剑拔弩张 闹得很凶 ' +
    '矛盾激化 结怨 骂人 辱骂 闹翻 撕破脸 气不过 要拼命 拼命 动手 冲突 火药味',
};

/**
 * Idioms that hold a danger word and mean no danger: "气死了" is annoyance, not a death;
 * "憋着火" is anger, not a fire; "打死也不" is a refusal. A danger word inside one of
 * them is not read.
 */
export const PLAIN: readonly string[] = (
  '气死了 烦死了 急死了 愁死了 累死了 热死了 冷死了 吵死了 臭死了 笑死了 馋死了 难受死了 ' +
  '憋着火 窝着火 火烧眉毛 火烧火燎 打死也不 打死都不'
).split(' ');

/** Words of treatment: "没有抢救条件", "村里没血清" say care is lacking, not that no one is hurt. */
export const CARE: readonly string[] =
  '抢救 急救 救护车 送医 送医院 血清 输血 手术 120急救 急需用血'.split(' ');

/**
 * Shaanxi and plain-speech words, each with the concept it stands for. They count as much as
 * the standard words, and the `dialect` signal records that the report is written this way.
 */
export const DIALECT: Readonly<Record<string, readonly Concept[]>> = {
  碎娃: ['vulnerable:child'],
  碎娃娃: ['vulnerable:child'],
  婆娘: ['family'],
  屋里人: ['family'],
  寻短见: ['hazard:suicide'],
  挂彩: ['harm'],
  咋整: [],
  日塌: ['soon'],
  日塌了: ['harm'],
  撂: [],
  老汉: ['vulnerable:old'],
  老婆子: ['vulnerable:old'],
  额: [],
  嫑: [],
  没麻达: ['lower:negated'],
  后晌: [],
  这搭: [],
  麻达: ['tension'],
  谝: [],
  瓜娃: [],
  胡整: ['tension'],
  寻不见: ['hazard:missing'],
  跌倒起不来: ['harm'],
  咥: [],
  恁: [],
  啥时候: ['lower:question'],
  咋弄: ['lower:question'],
};
