"""The provincial plan article (the program's founding news item), used by the demo data."""

PLAN_ARTICLE_TITLE = (
    "Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, hàng hóa"
)
PLAN_ARTICLE_AUTHOR = "Thủy Loan"

PLAN_ARTICLE_PARAGRAPHS = [
    (
        "Nhằm hỗ trợ doanh nghiệp trên địa bàn tỉnh nâng cao năng suất, chất lượng sản phẩm, hàng"
        " hóa trên cơ sở áp dụng các giải pháp về tiêu chuẩn, quy chuẩn kỹ thuật, hệ thống quản "
        "lý, công cụ cải tiến năng suất, chất lượng; UBND tỉnh vừa ban hành Kế hoạch thực hiện "
        "Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất và chất lượng sản phẩm, "
        "hàng hóa giai đoạn 2021 – 2030."
    ),
    (
        "Theo đó, mục tiêu trong giai đoạn từ năm 2021- 2025 là nâng cao nhận thức, tăng cường "
        "kiến thức về năng suất chất lượng trong bối cảnh hội nhập quốc tế và cuộc cách mạng công"
        " nghiệp lần thứ 4 cho các tổ chức, doanh nghiệp. Đào tạo nghiệp vụ chuyên sâu về năng "
        "suất chất lượng cho khoảng từ 10 đến 20 cán bộ, công chức, chuyên gia thuộc các cơ quan "
        "hành chính nhà nước, các tổ chức, doanh nghiệp trên địa bàn tỉnh. Nâng cao năng lực quản"
        " lý Chương trình quốc gia hỗ trợ doanh nghiệp nâng cao năng suất chất lượng cho cán bộ, "
        "công chức; đồng thời xây dựng đội ngũ chuyên gia năng suất chất lượng tại chỗ cho địa "
        "phương. Tăng cường năng lực cho các tổ chức kiểm định, thử nghiệm, đánh giá chứng nhận "
        "nhằm đáp ứng yêu cầu đánh giá sự phù hợp với tiêu chuẩn, quy chuẩn kỹ thuật của sản "
        "phẩm, hàng hóa trên địa bàn tỉnh. Số doanh nghiệp được phổ biến, đào tạo, hướng dẫn áp "
        "dụng các giải pháp về tiêu chuẩn, quy chuẩn kỹ thuật, hệ thống quản lý, công cụ cải tiến"
        " năng suất chất lượng hàng năm tăng từ 5-10%. Lựa chọn ít nhất 02 doanh nghiệp để hướng "
        "dẫn áp dụng đồng bộ các giải pháp nâng cao năng suất chất lượng, trở thành mô hình điểm "
        "để chia sẻ, nhân rộng trên địa bàn tỉnh. Vận động, hỗ trợ cho các tổ chức, doanh nghiệp "
        "tham gia giải thưởng chất lượng quốc gia, trong đó phấn đấu có ít nhất 03 doanh nghiệp "
        "tham gia và đạt giải thưởng chất lượng quốc gia."
    ),
    (
        "Mục tiêu trong giai đoạn từ năm 2026 đến năm 2030 là số doanh nghiệp được hỗ trợ các "
        "giải pháp nâng cao năng suất và chất lượng hàng năm tăng từ 10-15%. Có ít nhất 05 doanh "
        "nghiệp đã xây dựng mô hình điểm để chia sẻ, nhân rộng."
    ),
    (
        "Để đạt được các mục tiêu nêu trên, các cơ quan, đơn vị cần triển khai một số nhiệm vụ và"
        " giải pháp cụ thể như: Thông tin, tuyên truyền về năng suất chất lượng; đào tạo, tập "
        "huấn về năng suất chất lượng; hỗ trợ doanh nghiệp áp dụng tiêu chuẩn, quy chuẩn kỹ "
        "thuật, hệ thống quản lý, công cụ cải tiến năng suất chất lượng, công cụ hỗ trợ cho sản "
        "xuất thông minh, dịch vụ thông minh; tăng cường năng lực cho các tổ chức kiểm định, thử "
        "nghiệm, đánh giá chứng nhận nhằm đáp ứng yêu cầu đánh giá sự phù hợp với tiêu chuẩn, quy"
        " chuẩn kỹ thuật của sản phẩm, hàng hóa trên địa bàn tỉnh; xây dựng chính sách khuyến "
        "khích hỗ trợ doanh nghiệp trên địa bàn tỉnh."
    ),
    (
        "UBND tỉnh yêu cầu Sở Khoa học và Công nghệ phối hợp với các cơ quan thông tin đại chúng "
        "của tỉnh, các sở, ban, ngành chức năng có liên quan, UBND các huyện, thị xã, thành phố, "
        "các tổ chức đại diện doanh nghiệp để thông tin tuyên truyền và vận động doanh nghiệp "
        "tham gia kế hoạch. Lựa chọn đơn vị tư vấn đáp ứng yêu cầu của kế hoạch và theo quy định "
        "của pháp luật về đấu thầu; ký kết hợp đồng đào tạo; theo dõi, giám sát quá trình tổ chức"
        " đào tạo; thực hiện các thủ tục thanh quyết toán kinh phí sau khi hoàn thành. Đồng thời,"
        " nghiên cứu áp dụng, đề xuất chính sách hỗ trợ các tổ chức, doanh nghiệp thực hiện áp "
        "dụng tiêu chuẩn, quy chuẩn kỹ thuật, hệ thống quản lý, công cụ cải tiến năng suất chất "
        "lượng, công cụ hỗ trợ cho sản xuất thông minh, dịch vụ thông minh và một số nội dung "
        "khác có liên quan phù hợp với địa phương."
    ),
]

PLAN_ARTICLE_BODY = "\n\n".join(PLAN_ARTICLE_PARAGRAPHS)
