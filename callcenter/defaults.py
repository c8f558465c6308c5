"""Default script lines and synonym groups (seed 004 报修用语, 节日用语). Supervisors change them in the app (X-6)."""

from __future__ import annotations

from callcenter.choices import Holiday, ScriptKind

# Seed 004: 您好,大龙供暖报修(XXX报工号)为您服务,请问您有什么问题; seed 001: 您早 before 10:00.
SCRIPT_DEFAULTS: dict[str, str] = {
    ScriptKind.OPENING: "您好，供暖报修【工号】号为您服务，请问您有什么问题？",
    ScriptKind.OPENING_MORNING: "您早，供暖报修【工号】号为您服务，请问您有什么问题？",
    ScriptKind.CLOSING: "好！维修人员会尽快跟您联系。感谢您的来电，再见！",
}

# Seed 004 节日用语; the dates come from each year's holiday notice, so supervisors enter the windows.
HOLIDAY_DEFAULTS: dict[str, str] = {
    Holiday.NEW_YEAR: "新年好！供暖报修【工号】号为您服务，请问您有什么问题！",
    Holiday.SPRING_FESTIVAL: "新年好！供暖报修【工号】号为您服务，请问您有什么问题！",
    Holiday.LABOUR_DAY: "劳动节快乐！供暖报修【工号】号为您服务，请问您有什么问题！",
    Holiday.MID_AUTUMN: "中秋节快乐！供暖报修【工号】号为您服务，请问您有什么问题！",
    Holiday.NATIONAL_DAY: "国庆节快乐！供暖报修【工号】号为您服务，请问您有什么问题！",
}

# Words callers use for the same thing: a caller says 暖气不热, the standard answer is titled 室内温度不达标.
SYNONYM_DEFAULTS: list[str] = [
    "暖气,供暖,采暖,暖器,暖气片,散热器,气片,室内温度,室温,屋里,家里",
    "不热,不暖,不暖和,不达标,温度低,室温低,温度不够,偏低,冷,凉",
    "冰凉,冰冷,全凉,一点不热",
    "漏水,跑水,滴水,渗水,冒水,爆管",
    "收费,缴费,交费,供暖费,采暖费,暖气费,取暖费,热费,费用",
    "测温,测温度,量温度,温度检测,入户测温",
    "停暖,停止供暖,停热,不供暖,没暖气",
    "开栓,开阀,开通,报停,恢复供暖",
    "维修工,师傅,维修人员,维修站",
    "投诉,举报,意见,不满意",
]
