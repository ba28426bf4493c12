"""FICTIONAL commune cohort ("Xã Mẫu 01 (hư cấu)" …) for criteria/2025/xa.yaml.

`generate(rng)` returns unit dicts in the unit-file format; sample_units/make_cohort.py writes them
to sample_units/cohort/xa/*.yaml. Nothing here is real data. Figures are drawn from `rng` only,
around a quality level per commune, at commune scale (hundreds to a few thousand dossiers, a few
hundred outgoing documents), and always add up: received + carried over = settled + pending,
settled = early + on time + late, parts never exceed wholes, reported percentages are the rounded
ratios of their counts — so every consistency check of the set passes.

The cohort holds two perfect communes (index exactly 100%: an exact tie), a spread from strong to
weak, "quiet" communes where criteria do not arise (no legal document due, no feedback, no
downsizing plan, no audit conclusion, no late dossier), communes without survey results and
communes that left some figures undeclared ("chưa kê khai").
"""

from __future__ import annotations

import random
from typing import Any

from cohort_draw import Draw, reported_percent

KIND = "xa"
CRITERIA = "xa-2025"
PERIOD = "Năm 2025"

_QUALITIES = [1.0, 1.0, 0.95, 0.93, 0.9, 0.88, 0.86, 0.84, 0.82, 0.8, 0.78, 0.76, 0.74, 0.72, 0.7, 0.68,
              0.66, 0.64, 0.62, 0.6, 0.57, 0.54, 0.5, 0.47, 0.44, 0.4, 0.36, 0.32, 0.28, 0.25, 0.22, 0.2]
_TRAITS: dict[int, set[str]] = {
    1: {"perfect"},
    2: {"perfect", "no_survey", "quiet"},
    4: {"quiet"}, 8: {"quiet"}, 12: {"quiet"}, 16: {"quiet"}, 20: {"quiet"}, 24: {"quiet"},
    6: {"bonus"}, 18: {"bonus"},
    10: {"undeclared"}, 22: {"undeclared"}, 31: {"undeclared"},
    15: {"no_survey"}, 27: {"no_survey"},
    28: {"penalty"}, 29: {"penalty"}, 30: {"penalty", "no_plan"}, 32: {"penalty"},
}
# (quality 0–1, traits) per commune, in order: 01 … 32.
PROFILES: list[tuple[float, frozenset[str]]] = [
    (quality, frozenset(_TRAITS.get(number, set()))) for number, quality in enumerate(_QUALITIES, start=1)
]

SURVEY = ("dtxhh_chi_dao_dieu_hanh", "dtxhh_the_che", "dtxhh_tthc", "dtxhh_bo_may", "dtxhh_cong_vu",
          "dtxhh_tai_chinh", "dtxhh_chinh_quyen_so", "ty_le_hai_long_dtxhh", "dtxhh_tac_dong")


def _unit(rng: random.Random, number: int, quality: float, traits: frozenset[str]) -> dict[str, Any]:
    perfect = "perfect" in traits
    quiet = "quiet" in traits
    d = Draw(rng, quality, perfect)
    ind: dict[str, Any] = {}

    # 1. Chỉ đạo, điều hành
    if "no_plan" in traits:
        ind["ke_hoach_cchc"] = "khong_ban_hanh"
    else:
        ind["ke_hoach_cchc"] = "kip_thoi" if d.yes() else "khong_kip_thoi"
    ind["nhiem_vu_cchc_day_du"] = d.yes()
    ind["bo_tri_kinh_phi_cchc"] = d.yes()
    plan = rng.randint(10, 25)
    done = d.part(plan, spread=0.15)
    ind["chi_tieu_ke_hoach"] = plan
    ind["chi_tieu_hoan_thanh"] = done
    if rng.random() < 0.5:
        ind["ty_le_hoan_thanh_ke_hoach_bao_cao"] = reported_percent(done, plan)
    ind["bao_cao_cchc_dung_han"] = d.yes()
    ind["ke_hoach_kiem_tra_cchc"] = d.yes()
    to_inspect = rng.randint(2, 6)
    ind["don_vi_kiem_tra_ke_hoach"] = to_inspect
    ind["don_vi_da_kiem_tra"] = to_inspect if d.yes() else d.part(to_inspect, floor=0.4)
    ind["ke_hoach_tuyen_truyen"] = d.yes()
    ind["tin_bai_cchc"] = rng.randint(4, 10) if perfect else rng.randint(0, round(6 * quality))
    # 2. Thể chế: most communes have no legal document due in a year
    due = 0 if quiet or rng.random() < 0.4 else rng.randint(1, 3)
    ind["vbqppl_phai_ban_hanh"] = due
    ind["vbqppl_da_ban_hanh"] = d.part(due, spread=0.25)
    ind["quy_trinh_vbqppl_dung_quy_dinh"] = d.yes()
    ind["ke_hoach_ra_soat_vbqppl"] = d.yes()
    ind["ke_hoach_pho_bien_gdpl"] = d.yes()
    # 3. Thủ tục hành chính
    ind["ke_hoach_ra_soat_tthc"] = d.yes()
    ind["tthc_cong_khai_day_du"] = d.yes()
    ind["mot_cua_dung_quy_dinh"] = d.yes()
    received = rng.randint(300, 3500)
    carried = rng.randint(0, 60)
    pending = round((received + carried) * rng.uniform(0.0, 0.04))
    settled = received + carried - pending
    late = 0 if perfect or quiet else round(settled * (1 - quality) * rng.uniform(0.0, 0.05))
    early = settled if perfect else round((settled - late) * rng.uniform(0.3, 0.8))
    ind["ho_so_tiep_nhan"] = received
    ind["ho_so_ton_ky_truoc"] = carried
    ind["ho_so_da_giai_quyet"] = settled
    ind["ho_so_truoc_han"] = early
    ind["ho_so_dung_han"] = settled - late - early
    ind["ho_so_tre_han"] = late
    ind["ho_so_dang_giai_quyet"] = pending
    ind["thu_xin_loi"] = d.part(late, spread=0.3)
    ind["ho_so_so_hoa"] = d.part(settled, spread=0.3)
    ind["ho_so_truc_tuyen"] = d.part(received, spread=0.2, floor=0.15)
    feedback = 0 if quiet else rng.randint(0, 8)
    ind["pakn_tiep_nhan"] = feedback
    ind["pakn_da_xu_ly"] = d.part(feedback, spread=0.15, floor=0.5)
    # 4. Tổ chức bộ máy
    ind["to_chuc_dung_quy_dinh"] = d.yes()
    quota = rng.randint(20, 35)
    ind["bien_che_giao"] = quota
    ind["bien_che_su_dung"] = quota - rng.randint(0, 4) if d.yes() else quota + rng.randint(1, 2)
    cut_plan = 0 if quiet or rng.random() < 0.5 else rng.randint(1, 3)
    ind["tinh_gian_ke_hoach"] = cut_plan
    ind["tinh_gian_thuc_hien"] = d.part(cut_plan, spread=0.3)
    # 5. Chế độ công vụ
    ind["bo_tri_dung_vtvl"] = d.yes()
    ind["danh_gia_xep_loai_dung_quy_dinh"] = d.yes()
    training = rng.randint(10, 40)
    ind["luot_dao_tao_ke_hoach"] = training
    trained = training if perfect else round(training * rng.uniform(quality - 0.25, quality + 0.3))
    ind["luot_dao_tao_thuc_hien"] = max(trained, 0)
    ind["van_hoa_cong_so"] = d.yes()
    ind["pakn_thai_do_phuc_vu"] = 0 if perfect or rng.random() < quality else rng.randint(1, 3)
    # 6. Tài chính công
    ind["quy_che_chi_tieu_noi_bo"] = d.yes()
    ind["cong_khai_tai_chinh"] = d.yes()
    budget = rng.randint(3_000, 25_000)
    ind["thu_ngan_sach_du_toan"] = budget
    ind["thu_ngan_sach_thuc_hien"] = round(budget * (rng.uniform(1.0, 1.15) if perfect else d.share(0.2) + 0.1))
    if quiet or rng.random() < 0.4:
        ind["thuc_hien_ket_luan_thanh_tra"] = "khong_phat_sinh"
    else:
        ind["thuc_hien_ket_luan_thanh_tra"] = "day_du" if d.yes() else rng.choice(["mot_phan", "chua_thuc_hien"])
    # 7. Chính quyền điện tử, chính quyền số
    sent = rng.randint(300, 1500)
    electronic = d.part(sent, spread=0.15, floor=0.3)
    signed = electronic if perfect else round(electronic * rng.uniform(0.75, 1.0))
    ind["van_ban_phat_hanh"] = sent
    ind["van_ban_dien_tu"] = electronic
    ind["van_ban_ky_so"] = signed
    if rng.random() < 0.5:
        ind["ty_le_van_ban_dien_tu_bao_cao"] = reported_percent(electronic, sent)
        ind["ty_le_ky_so_bao_cao"] = reported_percent(signed, sent)
    procedures = rng.randint(100, 130)
    ind["tthc_thuoc_tham_quyen"] = procedures
    ind["dvc_toan_trinh"] = d.part(procedures, spread=0.2, floor=0.1)
    payable = rng.randint(50, 800)
    ind["ho_so_phai_thanh_toan"] = payable
    paid_share = rng.uniform(0.3, 0.6) if perfect else rng.uniform(0.0, 0.45) * quality
    ind["ho_so_thanh_toan_truc_tuyen"] = round(payable * paid_share)
    # 8. Tác động
    targets = rng.randint(8, 20)
    ind["chi_tieu_ktxh_giao"] = targets
    ind["chi_tieu_ktxh_dat"] = d.part(targets, spread=0.15)
    # ĐTXHH: a commune without survey results leaves them out (không phát sinh).
    if "no_survey" not in traits:
        for name in SURVEY:
            ind[name] = d.survey()
    # Thưởng, trừ
    ind["sang_kien_cong_nhan"] = rng.randint(1, 2) if "bonus" in traits else 0
    ind["vi_pham_ky_luat"] = rng.randint(1, 2) if "penalty" in traits else 0
    ind["phe_binh_cchc"] = rng.randint(1, 2) if "penalty" in traits else 0
    if "undeclared" in traits:
        # Left blank in the commune's report: scored 0 as "chưa kê khai".
        for name in ("bao_cao_cchc_dung_han", "thu_ngan_sach_thuc_hien", "ho_so_so_hoa", "ke_hoach_pho_bien_gdpl"):
            ind[name] = None

    return {
        "unit_id": f"xa-mau-{number:02d}",
        "unit_name": f"Xã Mẫu {number:02d} (hư cấu)",
        "unit_kind": KIND,
        "period": PERIOD,
        "criteria": CRITERIA,
        "indicators": ind,
    }


def generate(rng: random.Random) -> list[dict[str, Any]]:
    """The fictional communes, 32 of them, drawn from `rng` only."""
    return [_unit(rng, number, quality, traits) for number, (quality, traits) in enumerate(PROFILES, start=1)]
