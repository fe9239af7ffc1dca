import type { Category } from '#contracts';

/**
 * Report texts as residents, call-takers and grid workers write them. Placeholders: `{village}`
 * is the village or community (枣园村, 新城社区), `{group}` the group (第二组, or empty when the
 * report is for the whole village), `{name}` a surname. None of the everyday texts may contain a
 * red keyword of config/rules.json (a test checks it); only RED_INCIDENTS do.
 */
export type ReportCategory = Exclude<Category, 'other'>;

export const TEXTS: Record<ReportCategory, readonly string[]> = {
  industry: [
    '魔芋收购价压得太低，{village}合作社拖欠货款三个月',
    '{village}{group}板栗今年丰收但销路不畅，希望帮忙联系收购商',
    '{village}茶园需要技术指导，新栽的茶苗死了一半',
    '{village}香菇大棚被雪压塌，{name}家损失严重，想申请产业补助',
    '{village}产业路年久失修，农产品运不出去',
    '{village}{name}家养的生猪出现病死，需要防疫人员上门看看',
    '{village}光伏收益分红迟迟没有到账，村民有意见',
    '{village}中药材种植户反映种苗质量差，怀疑买到了假苗',
    '{village}有人想办农家乐，咨询贴息贷款和营业执照怎么办',
    '{village}核桃加工厂拖欠周边村民务工工资',
    '{village}{group}土地流转费标准不统一，村民要求公开',
    '{village}电商服务站网络差，直播卖货经常掉线',
    '{village}{group}猕猴桃冻害严重，能不能申请农业保险理赔',
    '{village}蜂农反映今年蜂蜜卖不出去，希望帮忙对接销路',
  ],
  infrastructure: [
    '{village}{group}通组公路塌方，车辆无法通行，请尽快处理',
    '{village}{group}自来水停了两天，村民生活用水困难',
    '{village}{group}河堤有裂缝，担心汛期出问题',
    '{village}路灯坏了一个多月，晚上出行不安全',
    '{village}{group}便民桥护栏松动，学生上下学很危险',
    '{village}手机信号差，{group}几乎打不通电话',
    '{village}集中供水点水质浑浊，有异味',
    '{village}{group}路口垃圾清运不及时，堆积发臭',
    '{village}{group}入户路一下雨就泥泞，老人出行困难',
    '{village}变压器老化，电压不稳，{name}家的冰箱烧坏了',
    '{village}{group}饮水管道冻裂，十几户停水',
    '{village}卫生室房屋漏雨，需要维修',
    '{village}{group}边坡有落石，过往车辆提心吊胆',
    '{village}公厕无人管理，卫生条件很差',
  ],
  livelihood: [
    '{village}{name}大爷反映低保评定不公平，希望重新核查',
    '{village}{name}家医保缴费后系统显示未参保，看病无法报销',
    '{village}{group}危房改造补助还没发放',
    '{village}孩子上学路远，希望恢复校车接送',
    '{village}{name}大妈的养老金这个月没有按时到账',
    '{village}{name}家因病致贫，申请临时救助',
    '{village}残疾人两项补贴停发了，不知道什么原因',
    '{village}冬季取暖困难，独居老人需要煤炭补助',
    '{village}易地搬迁安置房漏水，多次反映没人管',
    '{village}{group}村民反映防返贫监测对象认定有误',
    '{village}附近没有药店，慢性病老人买药难',
    '{village}公益性岗位工资拖欠两个月',
    '{village}{group}{name}家房子被雨水泡了，申请受灾救助',
    '{village}{name}家孩子考上大学，咨询助学金怎么申请',
  ],
  dispute: [
    '{village}两户村民因宅基地边界发生争执',
    '{village}{group}{name}家和邻居因排水沟问题吵了起来',
    '{village}土地承包经营权纠纷，双方各执一词',
    '{village}山林界址不清，两个组之间有争议',
    '{village}{name}家兄弟因赡养老人问题闹矛盾',
    '{village}修路占地补偿款分配不均，村民不满',
    '{village}{group}村民反映邻居养狗扰民，协商无果',
    '{village}工程队拖欠{name}师傅工钱，多次讨要未果',
    '{village}{name}家夫妻长期争吵，请调解员上门',
    '{village}{group}灌溉用水分配引发争执',
    '{village}租赁合同到期，承租方不愿腾退',
    '{village}{name}家与施工方因房屋开裂赔偿谈不拢',
    '{village}{group}两家因修房挡光闹矛盾，希望村里出面',
  ],
  security: [
    '{village}{group}夜里有陌生人在村里转悠，村民担心',
    '{village}近期有人冒充医保工作人员骗老人钱',
    '{village}{name}家的摩托车晚上被盗',
    '{village}{group}有人在河道非法采砂',
    '{village}有人聚众赌博，影响很坏',
    '{village}发现有人电鱼，破坏河道生态',
    '{village}{group}山上有人违规用火烧荒，存在火灾隐患',
    '{village}有人上门推销假农药假化肥',
    '{village}{group}几户村民家的鸡被偷',
    '{village}学校附近有车辆超速，存在安全隐患',
    '{village}诈骗电话频繁，老人容易上当',
    '{village}{group}有人私拉电网捕猎野猪',
    '{village}{group}林区有人偷伐树木',
  ],
  agency: [
    '{village}{name}大妈想办社保卡，行动不便希望代办',
    '{village}帮外出务工人员代缴城乡居民医保',
    '{village}{group}村民需要代办残疾证年审',
    '{village}代办不动产登记，资料不全不知道怎么补',
    '{village}{name}大爷身份证过期，申请上门办理',
    '{village}{name}家需要开具收入证明用于孩子助学贷款',
    '{village}老人不会用手机支付，希望代缴电费',
    '{village}{group}村民咨询高龄补贴怎么申请',
    '{village}{name}家需要代办新生儿落户',
    '{village}{name}大妈想预约县医院专家号',
    '{village}{group}代办农机购置补贴申请',
    '{village}{name}家申请代办营业执照年报',
    '{village}{group}村民想办理林权证变更，希望代跑',
  ],
  leftBehind: [
    '{village}{group}独居老人{name}大爷腿脚不便，需要代购药品',
    '{village}留守儿童放学后无人看管，希望开放活动室',
    '{village}{name}奶奶子女都在外地，最近身体不好需要探访',
    '{village}留守老人家里房顶漏雨，无人帮忙修',
    '{village}{group}留守儿童学习跟不上，希望志愿者辅导',
    '{village}独居老人冬天烧炭取暖，存在煤气中毒隐患',
    '{village}{name}家留守妇女照顾两个病人，压力很大',
    '{village}{group}空巢老人没人做饭，希望幸福食堂送餐',
    '{village}留守儿童沉迷手机游戏，家长不在身边',
    '{village}{name}大爷记性越来越差，常常找不到家',
    '{village}{group}独居老人家中电线老化需要检修',
    '{village}留守老人看病没人陪同，希望安排帮扶',
    '{village}{group}{name}奶奶一个人住，希望网格员每周去看看',
  ],
  ceremony: [
    '{village}{group}办丧事大操大办，连续三天放鞭炮扰民',
    '{village}婚礼彩礼要价太高，双方家庭闹僵',
    '{village}红白理事会收费标准不透明，村民有意见',
    '{village}{name}家办寿宴占用道路搭棚，影响通行',
    '{village}有人借办酒席名义收礼，群众负担重',
    '{village}{group}白事流水席持续多日，浪费严重',
    '{village}希望红白理事会出面协调婚事简办',
    '{village}{name}家丧事乐队半夜还在演奏',
    '{village}升学宴、乔迁宴名目繁多，人情负担重',
    '{village}{group}祭祀在山林烧纸，有火灾隐患',
    '{village}婚车车队占道，通组路走不了车',
    '{village}红白理事会成员调整，村民希望公开选举',
    '{village}{group}{name}家想简办丧事，咨询理事会能帮什么',
  ],
};

/** A single report that the shipped rules take as red at once: gathering, blocking, violence, life. */
export const RED_INCIDENTS: ReadonlyArray<{ category: ReportCategory; text: string }> = [
  { category: 'dispute', text: '三十多名村民聚集在镇政府门口讨要工资，情绪激动' },
  { category: 'dispute', text: '{village}二十多名群众聚集在项目工地门口讨要征地补偿款' },
  { category: 'dispute', text: '{village}{group}有村民因工程纠纷堵路，过往车辆全部停下' },
  { category: 'industry', text: '{village}几十名工人在工地讨薪，拉横幅' },
  { category: 'security', text: '{village}{group}两家人发生斗殴，有人受伤流血' },
  { category: 'security', text: '{village}有人持刀威胁村干部，请派出所立即出警' },
  { category: 'infrastructure', text: '{village}{group}山体滑坡，有人被埋，急需救援' },
  { category: 'infrastructure', text: '{village}{group}河水暴涨，有群众被困在对岸' },
  { category: 'leftBehind', text: '{village}{group}独居老人{name}大爷喝农药轻生，正在送医' },
  { category: 'leftBehind', text: '{village}留守儿童下河游泳溺水，正在抢救' },
];

/** What a build-up in one village looks like: many reports of one kind within the hour. */
export const BUILD_UPS: ReadonlyArray<{ category: ReportCategory; texts: readonly string[] }> = [
  {
    category: 'infrastructure',
    texts: [
      '{village}{group}又停水了，到现在还没来水',
      '{village}停水一天了，做饭都成问题',
      '{village}{group}停水也没人通知，老人孩子没水喝',
      '{village}停水好几个小时了，水厂电话打不通',
      '{village}{group}家里水龙头一滴水都没有，什么时候恢复供水',
    ],
  },
  {
    category: 'infrastructure',
    texts: [
      '{village}{group}突然停电了，什么时候能来电',
      '{village}停电大半天，冰箱里的东西都坏了',
      '{village}{group}停电了，供电所说在抢修但一直没来电',
      '{village}又停电，{name}家老人吸氧机用不了',
    ],
  },
  {
    category: 'dispute',
    texts: [
      '{village}征地补偿标准不一致，村民意见很大',
      '{village}{group}补偿款分配不公，要求村里给个说法',
      '{village}征地协议没有公开，村民不认可',
      '{village}{group}{name}家的补偿款比邻居少一半，不服',
    ],
  },
  {
    category: 'industry',
    texts: [
      '{village}合作社拖欠魔芋款，农户上门讨要',
      '{village}{group}收购商压价后跑了，货款拿不到',
      '{village}合作社账目不公开，社员要求查账',
      '{village}{name}家的魔芋款拖了半年，家里等钱用',
    ],
  },
  {
    category: 'livelihood',
    texts: [
      '{village}{group}这个月低保金没到账',
      '{village}好几户的养老金都没按时发，怎么回事',
      '{village}{name}大妈的低保卡里没钱，问了也没人说清楚',
    ],
  },
];

export const SURNAMES: readonly string[] = [...'王李张刘陈杨赵黄周吴徐孙胡朱高何郭马罗梁'];

/** Fills the placeholders; an empty group reads as the whole village. */
export function fillTemplate(
  template: string,
  values: { village: string; group: string; name: string },
): string {
  return template
    .replaceAll('{village}', values.village)
    .replaceAll('{group}', values.group)
    .replaceAll('{name}', values.name);
}
