"""Traditional characters that turn up in pasted Chinese text, with their Simplified forms.

Not a converter: a table of the Traditional-only characters common in the vocabularies,
statute titles and agency names of these lists, enough to tell an editor that a value was
pasted in Traditional characters and what the Simplified text is.
"""

from __future__ import annotations

from functools import lru_cache

_PAIRS = (
    "許许 處处 罰罚 強强 徵征 給给 檢检 確确 認认 獎奖 勵励 決决 規规 範范 級级 縣县 國国 務务 門门 產产 "
    "華华 會会 險险 條条 醫医 療疗 護护 藥药 價价 業业 報报 設设 計计 辦办 區区 劃划 員员 經经 濟济 標标 "
    "準准 關关 與与 實实 際际 鄉乡 鎮镇 責责 權权 衛卫 約约 體体 購购 監监 發发 資资 費费 繳缴 審审 統统 "
    "籌筹 職职 據据 號号 廳厅 財财 總总 書书 證证 記记 錄录 個个 單单 機机 構构 進进 開开 將将 對对 應应 "
    "為为 無无 從从 來来 時时 過过 後后 並并 網网 協协 議议 點点 銷销 採采 額额 種种 類类 項项 稱称 們们 "
    "傷伤 殘残 災灾 養养 參参 驗验 檔档 納纳 違违 詐诈 騙骗 偽伪 僞伪 隱隐 瞞瞒 鑒鉴 鑑鉴 補补 貼贴 製制 "
    "稅税 專专 頒颁 佈布 細细 則则 暫暂 試试 組组 織织 聯联 內内 雲云 廣广 東东 遼辽 寧宁 蘇苏 陝陕 貴贵 "
    "龍龙 廈厦 漢汉 況况 狀状 態态 維维 復复 歸归 屬属 選选 舉举 擔担 負负 問问 題题 優优 幫帮 撫抚 卹恤 "
    "殯殡 勞劳 動动 傳传 戶户 備备 診诊 斷断 術术 線线 歲岁 齡龄 兒儿 婦妇 貧贫 窮穷 難难 結结 帳账 賬账 "
    "轉转 續续 異异 營营 運运 擬拟 訂订 執执 訴诉 訟讼 賠赔 償偿 聽听 測测 調调 覽览 場场 質质 圍围 倉仓 "
    "與与 據据 區区 雜杂 門门 產产 這这 裡里 係系 務务 條条 傷伤 庫库 態态 處处"
)
TO_SIMPLIFIED = str.maketrans({pair[0]: pair[1] for pair in _PAIRS.split() if pair[0] != pair[1]})


def simplified(text: str) -> str:
    """`text` with the Traditional characters of the table in their Simplified form."""
    return text.translate(TO_SIMPLIFIED)


def traditional_characters(text: str) -> list[str]:
    """The Traditional characters of the table that occur in `text`, each once, in order."""
    return list(dict.fromkeys(c for c in text if ord(c) in TO_SIMPLIFIED))


@lru_cache(maxsize=1)
def _converter():
    try:
        import opencc
    except ImportError:  # without OpenCC fall back to the small table of the checks
        return None
    return opencc.OpenCC("t2s")


@lru_cache(maxsize=4096)
def to_simplified(text: str) -> str:
    """`text` in Simplified characters (a copy for matching; fields keep the published text)."""
    if not text:
        return text
    converter = _converter()
    if converter is None:
        return simplified(text)
    return converter.convert(text)
