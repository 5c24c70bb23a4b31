#!/usr/bin/env python3
"""Writes the LibreOffice flat-ODF sources (src/*.fodt) of the format
fixtures and their expected questions (*.expect: type, answer, stem start,
tab separated). make.sh runs this, then LibreOffice, to make the .docx and
.pdf files."""
import base64, os, struct, zlib
from xml.sax.saxutils import escape as esc

HEAD = '''<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="WQY" svg:font-family="'WenQuanYi Micro Hei'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="WQY" style:font-name-asian="WQY" fo:font-size="%(size)s" style:font-size-asian="%(size)s"/></style:default-style>
</office:styles>
<office:automatic-styles>
<style:style style:name="B" style:family="text"><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="I" style:family="text"><style:text-properties fo:font-style="italic" style:font-style-asian="italic"/></style:style>
%(lists)s
<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.2cm" fo:margin-bottom="1.2cm" fo:margin-left="2cm" fo:margin-right="2cm"/><style:header-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-bottom="0.8cm"/></style:header-style><style:footer-style><style:header-footer-properties fo:min-height="0.5cm" fo:margin-top="0.8cm"/></style:footer-style></style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">%(header)s</style:master-page></office:master-styles>
<office:body><office:text>
'''
TAIL = '</office:text></office:body></office:document>\n'

def level(n, fmt, prefix, suffix, follow='space', indent=0.6):
    return ('<text:list-level-style-number text:level="%d" style:num-prefix="%s" style:num-suffix="%s" style:num-format="%s">'
            '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
            '<style:list-level-label-alignment text:label-followed-by="%s" text:list-tab-stop-position="%.1fcm" fo:text-indent="-0.6cm" fo:margin-left="%.1fcm"/>'
            '</style:list-level-properties></text:list-level-style-number>') % (n, prefix, suffix, fmt, follow, indent * n, indent * n)

def p(s):
    return '<text:p>%s</text:p>\n' % s

def write(name, body, expect, size='11pt', lists='', header=''):
    with open('src/%s.fodt' % name, 'w') as f:
        f.write(HEAD % {'size': size, 'lists': lists, 'header': header} + body + TAIL)
    with open('%s.expect' % name, 'w') as f:
        for typ, ans, stem in expect:
            f.write('%s\t%s\t%s\n' % (typ, ans, stem))

def table(rows):
    n = max(len(r) for r in rows)
    out = '<table:table table:name="T%d"><table:table-column table:number-columns-repeated="%d"/>\n' % (id(rows) % 1000, n)
    for r in rows:
        out += '<table:table-row>' + ''.join('<table:table-cell office:value-type="string"><text:p>%s</text:p></table:table-cell>' % esc(c) for c in r) + '</table:table-row>\n'
    return out + '</table:table>\n'

# ---------------------------------------------------------------- 会计 (accounting): Word automatic numbering
def kuaiji():
    lists = ('<text:list-style style:name="LH">' + level(1, '一, 二, 三, ...', '', '、', 'nothing') + '</text:list-style>\n'
             '<text:list-style style:name="LQ">' + level(1, '1', '', '.', 'space') + level(2, 'A', '', '.', 'listtab') + '</text:list-style>\n'
             '<text:list-style style:name="LP">' + level(1, '1', '', '、', 'nothing') + '</text:list-style>\n')
    single = [
        ('会计的基本职能是（ B ）。', ['核算与分析', '核算与监督', '预测与决策', '监督与分析'], 'B'),
        ('资产负债表是反映企业在某一特定日期（ A ）的报表。', ['财务状况', '经营成果', '现金流量', '所有者权益变动'], 'A'),
        ('下列各项中，属于流动资产的是（ C ）。', ['固定资产', '无形资产', '应收账款', '长期股权投资'], 'C'),
        ('借贷记账法的记账规则是（ D ）。', ['有增必有减', '收付相等', '借方等于贷方余额', '有借必有贷，借贷必相等'], 'D'),
        ('会计等式“资产=负债+所有者权益”是编制（ A ）的依据。', ['资产负债表', '利润表', '现金流量表', '所有者权益变动表'], 'A'),
    ]
    multi = [
        ('下列属于会计要素的有（ ）。', ['资产', '负债', '利润', '成本'], 'ABC'),
        ('会计核算的基本前提包括（ ）。', ['会计主体', '持续经营', '会计分期', '货币计量'], 'ABCD'),
        ('下列各项中，属于期间费用的有（ ）。', ['管理费用', '销售费用', '制造费用', '财务费用'], 'ABD'),
    ]
    tf = [('会计主体一定是法律主体。（ × ）', False), ('企业的银行存款日记账应当采用订本式账簿。（ √ ）', True),
          ('原始凭证金额有错误的，可以在原始凭证上更正。（ × ）', False)]
    fill = [('会计的两项基本职能是核算和______。', '监督'), ('我国企业会计准则规定，会计年度自公历______起至12月31日止。', '1月1日')]
    body = p('会计基础练习题')
    def heading(t, first):
        cont = '' if first else ' text:continue-numbering="true"'
        return '<text:list text:style-name="LH"%s><text:list-item><text:p>%s</text:p></text:list-item></text:list>\n' % (cont, t)
    def question(stem, opts, tail=''):
        s = '<text:list-item><text:p>%s</text:p>' % stem
        if opts:
            s += '<text:list>' + ''.join('<text:list-item><text:p>%s</text:p></text:list-item>' % o for o in opts) + '</text:list>'
        if tail:
            s += '<text:p>%s</text:p>' % tail
        return s + '</text:list-item>\n'
    exp = []
    body += heading('单项选择题', True)
    body += '<text:list text:style-name="LQ">' + ''.join(question(s, o) for s, o, a in single) + '</text:list>\n'
    exp += [('single', a, s[:6]) for s, o, a in single]
    body += heading('多项选择题', False)
    body += '<text:list text:style-name="LQ">' + ''.join(question(s, o, '答案：' + a) for s, o, a in multi) + '</text:list>\n'
    exp += [('multiple', a, s[:6]) for s, o, a in multi]
    body += heading('判断题', False)
    body += '<text:list text:style-name="LQ">' + ''.join(question(s, None) for s, v in tf) + '</text:list>\n'
    exp += [('truefalse', '对' if v else '错', s[:6]) for s, v in tf]
    body += heading('填空题', False)
    body += '<text:list text:style-name="LP">' + ''.join(question(s, None, '答案：' + a) for s, a in fill) + '</text:list>\n'
    exp += [('fill', a, s[:6]) for s, a in fill]
    write('kuaiji', body, exp, lists=lists)

# ---------------------------------------------------------------- 计算机 (computing): typed numbers, tabs, breaks, split runs, key tables
def jisuanji():
    T = '<text:tab/>'
    BR = '<text:line-break/>'
    body = p('计算机应用基础 期末复习题')
    body += p('一、单项选择题（每题2分）')
    body += p('1．计算机中存储数据的最小单位是（　　）。')
    body += p('A．字节' + T + 'B．位' + T + 'C．字' + T + 'D．双字')
    body += p('2．CPU 的中文名称是（　　）。')
    body += p('A．中央<text:span text:style-name="B">处</text:span>理器' + BR + 'B．存储器' + BR + 'C．控制台' + BR + 'D．运算<text:span text:style-name="I">器</text:span>组')
    body += p('3．下列设备中，属于<text:span text:style-name="B">输</text:span>入设备的是（　　）。')
    body += p('A．显示器' + T + 'B．打印机' + T + 'C．键盘' + T + 'D．音箱')
    body += p('4．在 Windows 中，用于复制的快捷键是（　　）。')
    body += p('A．Ctrl+C' + T + 'B．Ctrl+V' + T + 'C．Ctrl+X' + T + 'D．Ctrl+Z')
    body += p('5．十进制数 10 转换为二进制数是（　　）。')
    body += p('A．1010' + T + 'B．1001' + T + 'C．1100' + T + 'D．0110')
    body += p('二、判断题')
    body += p('6．内存中的数据在断电后会丢失。（　　）')
    body += p('7．操作系统属于应用软件。（　　）')
    body += p('8．一个字节由 8 个二进制位组成。（　　）')
    body += p('参考答案')
    body += table([['题号', '答案'], ['1', 'B'], ['2', 'A'], ['3', 'C'], ['4', 'A'], ['5', 'A']])
    body += table([['题号', '6', '7', '8'], ['答案', '√', '×', '√']])
    exp = [('single', 'B', '计算机中存储'), ('single', 'A', 'CPU'), ('single', 'C', '下列设备中'), ('single', 'A', '在 Windows'),
           ('single', 'A', '十进制数'), ('truefalse', '对', '内存中的数据'), ('truefalse', '错', '操作系统'), ('truefalse', '对', '一个字节')]
    write('jisuanji', body, exp)

# ---------------------------------------------------------------- 护理 (nursing): a question table (考试宝 template)
def huli():
    rows = [['题干', '题型', '选项A', '选项B', '选项C', '选项D', '正确答案', '解析'],
            ['成人心肺复苏时胸外按压的频率为（ ）', '单选题', '60~80次/分', '80~100次/分', '100~120次/分', '120~140次/分', 'C', '现行指南为100~120次/分。'],
            ['测量血压时，袖带下缘应距肘窝（ ）', '单选题', '1~2cm', '2~3cm', '3~4cm', '4~5cm', 'B', ''],
            ['下列属于无菌技术操作原则的有（ ）', '多选题', '操作前洗手戴口罩', '无菌物品与非无菌物品分开放置', '一份无菌物品仅供一位患者使用', '无菌包打开后可保存一周', 'ABC', ''],
            ['为昏迷患者进行口腔护理时应取下活动义齿。', '判断题', '', '', '', '', '对', ''],
            ['长期卧床患者最易发生压疮的部位是______。', '填空题', '', '', '', '', '骶尾部', '']]
    body = p('护理学基础题库（表格版）') + table(rows)
    exp = [('single', 'C', '成人心肺'), ('single', 'B', '测量血压'), ('multiple', 'ABC', '下列属于无菌'), ('truefalse', '对', '为昏迷患者'), ('fill', '骶尾部', '长期卧床')]
    write('huli', body, exp)

# ---------------------------------------------------------------- 管理学 + 心理学: a PDF of several pages, header, footer, page numbers
def guanli():
    header = ('<style:header><text:p>管理学与心理学综合练习</text:p></style:header>'
              '<style:footer><text:p>第 <text:page-number text:select-page="current">1</text:page-number> 页 共 <text:page-count>4</text:page-count> 页</text:p></style:footer>')
    mgmt = [
        ('在管理的各项职能中，确定组织目标并拟定实现目标的行动方案、为组织未来的活动作出安排的职能通常被称为哪一项职能', ['计划', '组织', '领导', '控制'], 'A'),
        ('根据亨利·法约尔的观点，企业的全部活动可以概括为六类，其中他认为最重要并且需要单独加以研究的一类活动是', ['技术活动', '商业活动', '管理活动', '安全活动'], 'C'),
        ('泰勒提出的科学管理理论中，为了提高劳动生产率而主张对工人的操作方法、工具和作业环境进行标准化的核心思想是', ['工作定额与标准化', '职能工长制', '例外原则', '人际关系'], 'A'),
        ('梅奥通过霍桑实验得出结论，认为企业中除了正式组织之外还存在着对员工行为有重要影响的', ['非正式组织', '职能部门', '直线参谋', '事业部'], 'A'),
        ('在马斯洛需要层次理论中，处于最高层次、只有在其他需要基本得到满足之后才会成为主导的需要是', ['生理需要', '安全需要', '尊重需要', '自我实现需要'], 'D'),
        ('赫茨伯格双因素理论认为，能够消除员工的不满意但并不能直接带来满意感和积极性的那一类因素被称为', ['激励因素', '保健因素', '成就因素', '期望因素'], 'B'),
        ('管理幅度与管理层次之间存在着一定的关系，在组织规模一定的条件下，管理幅度越大则管理层次通常会', ['越多', '越少', '不变', '无法确定'], 'B'),
        ('SWOT 分析是战略管理中常用的分析工具，其中字母 O 所代表的含义是企业外部环境中存在的', ['优势', '劣势', '机会', '威胁'], 'C'),
        ('在控制的类型中，在工作开始之前就对可能出现的偏差进行预测并采取预防措施的控制方式被称为', ['前馈控制', '同期控制', '反馈控制', '间接控制'], 'A'),
        ('领导生命周期理论认为，领导风格的选择应当与下属的成熟度相适应，对于成熟度最低的下属最适合采用的风格是', ['命令型', '说服型', '参与型', '授权型'], 'A'),
    ]
    mgmt_multi = [
        ('一般认为，管理的基本职能包括下列各项中的哪几项内容，这些职能相互联系并构成一个完整的管理过程', ['计划', '组织', '领导', '控制'], 'ABCD'),
        ('根据明茨伯格的研究，管理者在组织中扮演的角色可以归纳为三大类，这三大类角色包括', ['人际角色', '信息角色', '决策角色', '技术角色'], 'ABC'),
        ('下列各项中，属于组织结构设计时应当遵循的基本原则的有哪些，请选出所有正确的选项', ['统一指挥', '权责对等', '分工协作', '因人设岗'], 'ABC'),
    ]
    psy = [
        ('心理学研究中，通过有目的、有计划地观察被试在自然条件下的言行表现来了解其心理活动的方法被称为', ['实验法', '观察法', '调查法', '测验法'], 'B'),
        ('艾宾浩斯通过对无意义音节的研究发现遗忘的进程是不均衡的，其规律可以概括为遗忘的速度总体上呈现出', ['先慢后快', '先快后慢', '匀速进行', '时快时慢'], 'B'),
        ('皮亚杰的认知发展阶段理论中，儿童开始能够进行具体的逻辑运算并且获得守恒概念的阶段是', ['感知运动阶段', '前运算阶段', '具体运算阶段', '形式运算阶段'], 'C'),
        ('巴甫洛夫的经典条件反射实验中，在训练完成后原本中性的铃声能够单独引起狗分泌唾液，此时的铃声被称为', ['无条件刺激', '条件刺激', '中性刺激', '无关刺激'], 'B'),
        ('根据耶克斯—多德森定律，动机强度与工作效率之间的关系并非线性关系，对于难度较大的任务而言最佳动机水平通常', ['较高', '中等', '较低', '为零'], 'C'),
    ]
    tf = [
        ('管理的二重性是指管理既具有与生产力和社会化大生产相联系的自然属性，又具有与生产关系和社会制度相联系的社会属性。', True),
        ('根据期望理论，只要一项工作的效价足够高，即使员工认为完成这项工作的可能性为零，也同样会产生很强的激励力量。', False),
        ('短时记忆的容量有限，一般认为其容量大约为七加减二个组块，这一结论最早由心理学家米勒提出。', True),
    ]
    body = p('一、单项选择题（管理学部分）')
    n = 0
    exp = []
    def q(stem, opts, ans, expl=None):
        nonlocal n
        n += 1
        s = p('%d．%s（　　）。' % (n, stem))
        if len(opts[0]) + len(opts[1]) + len(opts[2]) + len(opts[3]) < 24:
            s += p('A．%s　　B．%s　　C．%s　　D．%s' % tuple(opts))
        else:
            s += ''.join(p('%s．%s' % (k, o)) for k, o in zip('ABCD', opts))
        s += p('答案：%s' % ans)
        if expl:
            s += p('解析：' + expl)
        return s
    for i, (s, o, a) in enumerate(mgmt):
        body += q(s, o, a, '本题考查管理学的基本概念，属于教材第%d章的重点内容，考生应结合教材中的有关论述全面理解其含义并能够加以运用。' % (i + 1) if i % 3 == 0 else None)
        exp.append(('single', a, s[:6]))
    body += p('二、多项选择题（管理学部分）')
    for s, o, a in mgmt_multi:
        body += q(s, o, a)
        exp.append(('multiple', a, s[:6]))
    body += p('三、单项选择题（心理学部分）')
    for s, o, a in psy:
        body += q(s, o, a)
        exp.append(('single', a, s[:6]))
    body += p('四、判断题')
    for s, v in tf:
        n += 1
        body += p('%d．%s' % (n, s))
        body += p('答案：%s' % ('正确' if v else '错误'))
        exp.append(('truefalse', '对' if v else '错', s[:6]))
    write('guanli', body, exp, size='14pt', header=header)

# ---------------------------------------------------------------- a scan: a page that is only a picture
def png(w, h):
    raw = b''.join(b'\x00' + bytes((255 if (x // 8 + y // 8) % 2 else 40) for x in range(w)) for y in range(h))
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 8, 0, 0, 0, 0)) + chunk(b'IDAT', zlib.compress(raw)) + chunk(b'IEND', b'')

def scanned():
    img = base64.b64encode(png(200, 120)).decode()
    body = ('<text:p><draw:frame draw:name="scan" text:anchor-type="as-char" svg:width="16cm" svg:height="9.6cm">'
            '<draw:image><office:binary-data>%s</office:binary-data></draw:image></draw:frame></text:p>\n') % img
    write('scanned', body, [])
    os.remove('scanned.expect')

os.makedirs('src', exist_ok=True)
kuaiji(); jisuanji(); huli(); guanli(); scanned()
