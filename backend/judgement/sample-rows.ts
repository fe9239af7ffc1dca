import type { LabelledReport } from '#contracts';

/**
 * A few rows written by hand for the unit tests (not from the corpus): every colour and every
 * category at least once, in the three voices, with traps, so a tiny model can be trained in a
 * test and the judge's plumbing checked without the committed model.
 */
const row = (
  text: string,
  colour: LabelledReport['colour'],
  category: LabelledReport['category'],
  trap: LabelledReport['trap'] = null,
  flagged = false,
): LabelledReport => ({ text, colour, category, voice: 'resident', trap, flagged });

export const SAMPLE_ROWS: readonly LabelledReport[] = [
  row(
    '来电人反映其邻居正拿着菜刀威胁家人，现场有人受伤，请求尽快出警',
    'red',
    'security',
    null,
    true,
  ),
  row('我们组后山塌方了，土把路埋了，有辆车压在下面，快来人', 'red', 'infrastructure'),
  row('两百多个村民现在坐在县道上不让车过，说征地款没给', 'red', 'dispute'),
  row('碎娃中午到河边耍到现在没回来，寻不见了', 'red', 'security'),
  row('网格员：三组王某喝了农药，正在送医', 'red', 'security', null, true),
  row('学校围墙往操场那边歪了，裂缝很大，娃们天天在下面跑', 'orange', 'infrastructure'),
  row('走访发现五组独居老人瘫痪在床，儿女在外打工，家里没吃的了', 'orange', 'leftBehind'),
  row('村干部把全组的救灾粮扣了一半，群众意见很大', 'orange', 'dispute'),
  row('工地老板拖欠三十多个工人工资半年了，工人们很激动', 'orange', 'dispute'),
  row('留守儿童小李父母在外打工，爷爷生病住院，娃一个人在家', 'orange', 'leftBehind'),
  row('村道上有个大坑，下雨天积水，车过不去', 'blue', 'infrastructure'),
  row('我的养老金这个月还没到账，麻烦查一下', 'blue', 'livelihood'),
  row('邻居家养的猪晚上叫得厉害，影响休息', 'blue', 'dispute'),
  row(
    '去年的塌方已经处理了，路也修好了，现在想问护坡啥时候修',
    'blue',
    'infrastructure',
    'settled',
  ),
  row('香菇今年卖不出去，价格太低，希望帮忙联系销路', 'blue', 'industry'),
  row('侄子结婚女方要彩礼二十万，家里拿不出来', 'blue', 'ceremony'),
  row('村里办丧事的人家在路上搭棚子，车过不去', 'blue', 'ceremony'),
  row('请问身份证丢了在哪里补办，需要带什么材料', 'none', 'agency', 'question'),
  row('感谢网格员小张帮我家老人办好了医保', 'none', 'other', 'thanks'),
  row('镇上今天搞了消防演练，模拟厨房着火，大家学了灭火器怎么用', 'none', 'other', 'drill'),
  row('电视上看到外地发生泥石流，咱们这边没事吧', 'none', 'other', 'elsewhere'),
  row('昨天两家吵了几句，不是打架，也没有人受伤，已经调解好了', 'none', 'dispute', 'negated'),
  row('万一下暴雨河水涨起来，河边那几户会不会有危险', 'none', 'infrastructure', 'hypothetical'),
  row('合作社想申请茶叶种植技术培训，怎么报名', 'none', 'industry', 'question'),
  row('低保的申请流程是什么，要去哪个窗口', 'none', 'agency', 'question'),
  row('孩子上学的营养餐补贴什么时候发', 'none', 'livelihood', 'question'),
  row('建议村里在广场多装几个健身器材', 'none', 'other'),
  row('我家老汉八十多岁了，腿脚不便，想请人代办高龄补贴', 'blue', 'agency'),
];
